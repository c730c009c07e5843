package io.socketactivation.netty;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import io.netty.channel.unix.DomainSocketAddress;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;

/**
 * A {@link NettyReactiveWebServerFactory} that serves activated sockets: one Reactor
 * Netty server per socket, each configured exactly as Boot configures its server (TLS,
 * compression, protocols, customizers, routes). With no socket it is Boot's factory,
 * unchanged. Extend this class rather than Boot's when you define your own factory bean.
 *
 * @author socket-activation contributors
 */
public class ActivatedNettyReactiveWebServerFactory extends NettyReactiveWebServerFactory {

	private static final Log logger = LogFactory.getLog(ActivatedNettyReactiveWebServerFactory.class);

	private ActivatedSockets sockets = ActivatedSockets.none("no sockets assigned");

	private @Nullable ReactorResourceFactory resourceFactory;

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

	@Override
	public void setResourceFactory(@Nullable ReactorResourceFactory resourceFactory) {
		this.resourceFactory = resourceFactory;
		super.setResourceFactory(resourceFactory);
	}

	@Override
	public WebServer getWebServer(HttpHandler httpHandler) {
		if (this.sockets.isEmpty()) {
			logger.info("Not socket-activated (" + this.sockets.summary() + "): Netty binds "
					+ ((getAddress() != null) ? getAddress().getHostAddress() : "*") + ":" + getPort() + " itself");
			return super.getWebServer(httpHandler);
		}
		List<WebServer> servers = new ArrayList<>();
		try {
			for (ActivatedSocket socket : this.sockets) {
				super.setResourceFactory(new SingleSocketResourceFactory(this.resourceFactory, socket));
				NettyServerCustomizer unixBind = unixBindAddress(socket);
				getServerCustomizers().add(unixBind);
				try {
					servers.add(super.getWebServer(httpHandler));
				}
				finally {
					getServerCustomizers().remove(unixBind);
				}
				logger.info("Netty server serves " + socket.describe());
			}
		}
		finally {
			super.setResourceFactory(this.resourceFactory);
		}
		return (servers.size() == 1) ? servers.get(0) : new MultiSocketWebServer(servers);
	}

	/**
	 * A Unix socket is bound, as far as Reactor Netty knows, to its path: so that it
	 * makes a Unix-socket server (domain channel, a description by path rather than by
	 * port).
	 */
	private static NettyServerCustomizer unixBindAddress(ActivatedSocket socket) {
		if (socket.family() != SocketFamily.UNIX) {
			return (server) -> server;
		}
		DomainSocketAddress address = new DomainSocketAddress(AdoptedServerChannels.path(socket.address()));
		return (server) -> server.bindAddress(() -> address);
	}

	/**
	 * Resources whose loop resources create the server channel of one socket.
	 */
	private static final class SingleSocketResourceFactory extends ReactorResourceFactory {

		private final @Nullable ReactorResourceFactory delegate;

		private final ActivatedSocket socket;

		SingleSocketResourceFactory(@Nullable ReactorResourceFactory delegate, ActivatedSocket socket) {
			this.delegate = delegate;
			this.socket = socket;
		}

		@Override
		public LoopResources getLoopResources() {
			LoopResources resources = (this.delegate != null) ? this.delegate.getLoopResources() : HttpResources.get();
			return new ActivatedLoopResources(resources, this.socket);
		}

	}

}
