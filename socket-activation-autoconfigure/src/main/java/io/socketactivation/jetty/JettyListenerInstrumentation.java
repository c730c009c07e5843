package io.socketactivation.jetty;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.server.Connector;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServer;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.actuate.ListenerConnections;
import io.socketactivation.actuate.ListenerInstrumentation;

/**
 * Finds the adopted connectors of a Jetty server and counts their connections: endpoints
 * opened (accepted) and endpoints open now.
 *
 * @author socket-activation contributors
 */
public class JettyListenerInstrumentation implements ListenerInstrumentation {

	@Override
	public List<ListenerConnections> listeners(WebServer webServer) {
		List<ListenerConnections> listeners = new ArrayList<>();
		if (webServer instanceof JettyWebServer jetty) {
			for (Connector connector : jetty.getServer().getConnectors()) {
				if (connector instanceof AdoptedConnector adopted) {
					listeners.add(new ConnectorConnections(adopted.getSocket(), adopted));
				}
			}
		}
		return listeners;
	}

	private record ConnectorConnections(ActivatedSocket socket,
			AdoptedConnector connector) implements ListenerConnections {

		@Override
		public long acceptedConnections() {
			return this.connector.getAcceptedConnections();
		}

		@Override
		public long openConnections() {
			return this.connector.getOpenConnections();
		}

		@Override
		public boolean requiresProxyHeader() {
			return proxyHeaders() != null;
		}

		@Override
		public long refusedConnections() {
			RequiredProxyConnectionFactory proxyHeaders = proxyHeaders();
			return (proxyHeaders != null) ? proxyHeaders.getRefusedConnections() : 0;
		}

		private @Nullable RequiredProxyConnectionFactory proxyHeaders() {
			return (this.connector instanceof Connector jetty)
					? jetty.getConnectionFactory(RequiredProxyConnectionFactory.class) : null;
		}

	}

}
