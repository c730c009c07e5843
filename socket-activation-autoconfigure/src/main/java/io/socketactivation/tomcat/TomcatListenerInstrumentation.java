package io.socketactivation.tomcat;

import java.util.ArrayList;
import java.util.List;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.actuate.ListenerConnections;
import io.socketactivation.actuate.ListenerInstrumentation;

/**
 * Finds the connectors of a {@link TomcatWebServer} that serve activated sockets: each
 * {@link AdoptedNioEndpoint} counts the connections it accepts and knows the open ones.
 *
 * @author socket-activation contributors
 */
public class TomcatListenerInstrumentation implements ListenerInstrumentation {

	@Override
	public List<ListenerConnections> listeners(WebServer webServer) {
		List<ListenerConnections> listeners = new ArrayList<>();
		if (webServer instanceof TomcatWebServer tomcat) {
			for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
				if (connector.getProtocolHandler() instanceof AdoptedHttp11NioProtocol protocol) {
					AdoptedNioEndpoint endpoint = protocol.getAdoptedEndpoint();
					ActivatedSocket socket = endpoint.getAdoptedSocket();
					if (socket != null) {
						listeners.add(new EndpointConnections(socket, endpoint));
					}
				}
			}
		}
		return listeners;
	}

	private record EndpointConnections(ActivatedSocket socket,
			AdoptedNioEndpoint endpoint) implements ListenerConnections {

		@Override
		public long acceptedConnections() {
			return this.endpoint.getAcceptedConnections();
		}

		@Override
		public long openConnections() {
			return this.endpoint.getOpenConnections();
		}

		@Override
		public boolean requiresProxyHeader() {
			return this.endpoint.isProxyProtocol();
		}

		@Override
		public long refusedConnections() {
			return this.endpoint.getRefusedConnections();
		}

	}

}
