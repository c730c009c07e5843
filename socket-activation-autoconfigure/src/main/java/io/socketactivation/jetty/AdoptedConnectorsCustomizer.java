package io.socketactivation.jetty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EventListener;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.jetty.JettyServerCustomizer;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;

/**
 * Replaces the connector Boot configured (HTTP/1.1, h2c or TLS, as the properties say)
 * with one connector per activated socket ({@link AdoptedServerConnector} for TCP,
 * {@link AdoptedUnixDomainConnector} for Unix sockets), each with the same connection
 * factories and connector settings. A socket that requires a PROXY protocol header gets a
 * {@link RequiredProxyConnectionFactory} in front of them. Must run after every other
 * customizer.
 *
 * @author socket-activation contributors
 */
public class AdoptedConnectorsCustomizer implements JettyServerCustomizer {

	private static final Log logger = LogFactory.getLog(AdoptedConnectorsCustomizer.class);

	private final ActivatedSockets sockets;

	private final ProxyProtocolPolicy proxyProtocol;

	/**
	 * Create a customizer serving the given sockets.
	 * @param sockets the sockets
	 */
	public AdoptedConnectorsCustomizer(ActivatedSockets sockets) {
		this(sockets, ProxyProtocolPolicy.none());
	}

	/**
	 * Create a customizer serving the given sockets, requiring a PROXY protocol header on
	 * those the policy names.
	 * @param sockets the sockets
	 * @param proxyProtocol which sockets require a PROXY protocol header
	 */
	public AdoptedConnectorsCustomizer(ActivatedSockets sockets, ProxyProtocolPolicy proxyProtocol) {
		this.sockets = sockets;
		this.proxyProtocol = proxyProtocol;
	}

	@Override
	public void customize(Server server) {
		if (this.sockets.isEmpty()) {
			return;
		}
		List<Connector> connectors = new ArrayList<>(Arrays.asList(server.getConnectors()));
		ServerConnector template = connectors.stream()
			.filter((connector) -> connector.getClass() != AdoptedServerConnector.class)
			.filter(ServerConnector.class::isInstance)
			.map(ServerConnector.class::cast)
			.findFirst()
			.orElseThrow(() -> new SocketActivationException(
					"Jetty has no ServerConnector to serve the activated sockets " + this.sockets + " with.",
					"Leave Boot's connector in place (a JettyServerCustomizer may change it, not remove it), or "
							+ "set socket-activation.enabled=false."));
		int position = connectors.indexOf(template);
		connectors.remove(template);
		ConnectionFactory[] factories = template.getConnectionFactories().toArray(ConnectionFactory[]::new);
		String defaultProtocol = template.getDefaultProtocol();
		template.clearConnectionFactories();
		List<Connector> adopted = new ArrayList<>();
		int selectors = template.getSelectorManager().getSelectorCount();
		for (ActivatedSocket socket : this.sockets) {
			boolean proxyHeader = this.proxyProtocol.requiresHeader(socket);
			ConnectionFactory[] socketFactories = proxyHeader
					? withProxyHeader(defaultProtocol, this.proxyProtocol.headerTimeout(), factories) : factories;
			AbstractConnector connector = socket.isTcp()
					? new AdoptedServerConnector(server, selectors, socket, socketFactories)
					: new AdoptedUnixDomainConnector(server, selectors, socket, socketFactories);
			if (!adopted.isEmpty()) {
				// the first connector owns the shared factories' lifecycle
				Arrays.stream(factories).forEach(connector::unmanage);
			}
			copySettings(template, connector);
			adopted.add(connector);
			logger.info("Jetty connector serves " + socket.describe()
					+ (proxyHeader ? " (PROXY protocol header required)" : ""));
		}
		connectors.addAll(position, adopted);
		server.setConnectors(connectors.toArray(Connector[]::new));
	}

	/**
	 * The shared factories behind a PROXY protocol factory of the socket's own, which is
	 * the connector's default (its first) and hands over to Boot's default protocol.
	 */
	private static ConnectionFactory[] withProxyHeader(String nextProtocol, Duration headerTimeout,
			ConnectionFactory[] factories) {
		ConnectionFactory[] proxied = new ConnectionFactory[factories.length + 1];
		proxied[0] = new RequiredProxyConnectionFactory(nextProtocol, headerTimeout);
		System.arraycopy(factories, 0, proxied, 1, factories.length);
		return proxied;
	}

	private void copySettings(ServerConnector template, AbstractConnector connector) {
		connector.setIdleTimeout(template.getIdleTimeout());
		connector.setShutdownIdleTimeout(template.getShutdownIdleTimeout());
		if (connector instanceof ServerConnector tcp) {
			tcp.setAcceptedTcpNoDelay(template.getAcceptedTcpNoDelay());
			tcp.setAcceptedReceiveBufferSize(template.getAcceptedReceiveBufferSize());
			tcp.setAcceptedSendBufferSize(template.getAcceptedSendBufferSize());
		}
		template.getBeans(EventListener.class).forEach(connector::addEventListener);
	}

}
