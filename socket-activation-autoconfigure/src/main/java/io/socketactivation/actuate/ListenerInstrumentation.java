package io.socketactivation.actuate;

import java.util.List;

import org.springframework.boot.web.server.WebServer;

/**
 * The per-server seam of the Actuator support: finds, in a running web server, the
 * listeners that serve activated sockets, and how to count their connections. One
 * implementation per server adapter (Tomcat, Jetty, Reactor Netty), registered as a bean;
 * each answers only for its own kind of server.
 *
 * @author socket-activation contributors
 */
@FunctionalInterface
public interface ListenerInstrumentation {

	/**
	 * Return the listeners of the web server that serve activated sockets.
	 * @param webServer a web server that was just initialized
	 * @return its instrumented listeners, empty when the server is not of the kind this
	 * instrumentation knows or serves no activated socket
	 */
	List<ListenerConnections> listeners(WebServer webServer);

}
