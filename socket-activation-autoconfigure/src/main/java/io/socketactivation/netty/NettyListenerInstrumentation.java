package io.socketactivation.netty;

import java.util.List;

import org.springframework.boot.web.server.WebServer;

import io.socketactivation.actuate.ListenerConnections;
import io.socketactivation.actuate.ListenerInstrumentation;

/**
 * Finds the activated sockets a Reactor Netty web server serves and counts their
 * connections (see {@link CountingHandler}).
 *
 * @author socket-activation contributors
 */
public class NettyListenerInstrumentation implements ListenerInstrumentation {

	@Override
	public List<ListenerConnections> listeners(WebServer webServer) {
		return (webServer instanceof MultiSocketWebServer servers) ? servers.listeners() : List.of();
	}

}
