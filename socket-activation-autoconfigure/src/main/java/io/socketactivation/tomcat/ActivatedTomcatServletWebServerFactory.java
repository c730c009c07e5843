package io.socketactivation.tomcat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.catalina.Executor;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;

/**
 * A {@link TomcatServletWebServerFactory} that serves activated sockets: one connector
 * per socket, each customized exactly as Boot customizes its main connector (compression,
 * TLS, HTTP/2, connector and protocol customizers). With no socket it is Boot's factory,
 * unchanged. Extend this class rather than Boot's when you define your own factory bean.
 *
 * @author socket-activation contributors
 */
public class ActivatedTomcatServletWebServerFactory extends TomcatServletWebServerFactory {

	private static final Log logger = LogFactory.getLog(ActivatedTomcatServletWebServerFactory.class);

	private ActivatedSockets sockets = ActivatedSockets.none("no sockets assigned");

	private ProxyProtocolPolicy proxyProtocol = ProxyProtocolPolicy.none();

	private final Deque<ActivatedSocket> unassigned = new ArrayDeque<>();

	/**
	 * Set the sockets this factory's servers serve.
	 * @param sockets the sockets; when empty, the server binds as usual
	 */
	public void setActivatedSockets(ActivatedSockets sockets) {
		this.sockets = sockets;
	}

	/**
	 * Return the sockets this factory's servers serve.
	 * @return the sockets
	 */
	public ActivatedSockets getActivatedSockets() {
		return this.sockets;
	}

	/**
	 * Set which sockets require a PROXY protocol header on every connection.
	 * @param proxyProtocol the policy
	 */
	public void setProxyProtocolPolicy(ProxyProtocolPolicy proxyProtocol) {
		this.proxyProtocol = proxyProtocol;
	}

	@Override
	protected Tomcat createTomcat(TempDirs tempDirs) {
		List<ActivatedSocket> sockets = this.sockets.asList();
		if (sockets.isEmpty()) {
			logger.info("Not socket-activated (" + this.sockets.summary() + "): Tomcat binds "
					+ ((getAddress() != null) ? getAddress().getHostAddress() : "*") + ":" + getPort() + " itself");
			return super.createTomcat(tempDirs);
		}
		setProtocol(AdoptedHttp11NioProtocol.class.getName());
		this.unassigned.clear();
		// the first connector's port is the server's port (local.server.port): a TCP
		// socket's, when there is one, rather than a Unix socket's -1
		sockets.stream().filter((socket) -> socket.port() > 0).forEach(this.unassigned::add);
		sockets.stream().filter((socket) -> socket.port() <= 0).forEach(this.unassigned::add);
		Tomcat tomcat = super.createTomcat(tempDirs);
		while (!this.unassigned.isEmpty()) {
			Connector connector = new Connector(AdoptedHttp11NioProtocol.class.getName());
			connector.setThrowOnFailure(true);
			tomcat.getService().addConnector(connector);
			customizeConnector(connector);
			if (connector.getProtocolHandler().getExecutor() instanceof Executor executor) {
				tomcat.getService().addExecutor(executor);
			}
		}
		return tomcat;
	}

	@Override
	protected void customizeConnector(Connector connector) {
		super.customizeConnector(connector);
		if (connector.getProtocolHandler() instanceof AdoptedHttp11NioProtocol protocol && !protocol.isAdopted()
				&& !this.unassigned.isEmpty()) {
			ActivatedSocket socket = this.unassigned.poll();
			protocol.adopt(socket);
			boolean proxyHeader = this.proxyProtocol.requiresHeader(socket);
			protocol.setProxyProtocol(proxyHeader);
			protocol.setProxyHeaderTimeout(this.proxyProtocol.headerTimeout());
			connector.setPort(Math.max(socket.port(), 0));
			logger.info("Tomcat connector serves " + socket.describe()
					+ (proxyHeader ? " (PROXY protocol header required)" : ""));
		}
	}

}
