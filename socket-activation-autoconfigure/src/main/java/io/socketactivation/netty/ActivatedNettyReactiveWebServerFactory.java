package io.socketactivation.netty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import io.netty.channel.ChannelHandler;
import io.netty.channel.unix.DomainSocketAddress;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpResources;
import reactor.netty.http.server.ProxyProtocolSupportType;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.WebServer;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.ClassUtils;

import io.socketactivation.AbstractUnixSocketAddress;
import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;

/**
 * A {@link NettyReactiveWebServerFactory} that serves activated sockets: one Reactor
 * Netty server per socket, each configured exactly as Boot configures its server (TLS,
 * compression, protocols, customizers, routes), with Reactor Netty's PROXY protocol
 * support required on the sockets that need it. With no socket it is Boot's factory,
 * unchanged. Extend this class rather than Boot's when you define your own factory bean.
 *
 * @author socket-activation contributors
 */
public class ActivatedNettyReactiveWebServerFactory extends NettyReactiveWebServerFactory {

	private static final Log logger = LogFactory.getLog(ActivatedNettyReactiveWebServerFactory.class);

	private static final String HAPROXY_DECODER = "io.netty.handler.codec.haproxy.HAProxyMessageDecoder";

	private ActivatedSockets sockets = ActivatedSockets.none("no sockets assigned");

	private @Nullable ReactorResourceFactory resourceFactory;

	private ProxyProtocolPolicy proxyProtocol = ProxyProtocolPolicy.none();

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
		for (ActivatedSocket socket : this.sockets) {
			if (this.proxyProtocol.requiresHeader(socket)) {
				refuseHttp2(socket, getHttp2());
			}
		}
		List<WebServer> servers = new ArrayList<>();
		List<CountingHandler> counters = new ArrayList<>();
		List<AcceptedConnectionsDrain> drains = new ArrayList<>();
		try {
			for (ActivatedSocket socket : this.sockets) {
				boolean proxyHeader = this.proxyProtocol.requiresHeader(socket);
				CountingHandler counter = new CountingHandler(socket, proxyHeader);
				counters.add(counter);
				AcceptedConnectionsDrain drain = new AcceptedConnectionsDrain(socket);
				drains.add(drain);
				super.setResourceFactory(
						new SingleSocketResourceFactory(this.resourceFactory, socket, List.of(counter, drain)));
				NettyServerCustomizer socketCustomizer = socketCustomizer(socket, proxyHeader, drain, counter);
				getServerCustomizers().add(socketCustomizer);
				try {
					servers.add(super.getWebServer(httpHandler));
				}
				finally {
					getServerCustomizers().remove(socketCustomizer);
				}
				logger.info("Netty server serves " + socket.describe()
						+ (proxyHeader ? " (PROXY protocol header required)" : ""));
			}
		}
		finally {
			super.setResourceFactory(this.resourceFactory);
		}
		return new MultiSocketWebServer(servers, counters, drains);
	}

	/**
	 * A Unix socket is bound, as far as Reactor Netty knows, to its path: so that it
	 * makes a Unix-socket server (domain channel, a description by path rather than by
	 * port).
	 */
	static NettyServerCustomizer unixBindAddress(ActivatedSocket socket) {
		if (socket.family() != SocketFamily.UNIX) {
			return (server) -> server;
		}
		if (socket.address() instanceof AbstractUnixSocketAddress) {
			throw new SocketActivationException(
					socket.describe() + " is a Linux abstract Unix socket, which Reactor Netty cannot serve.",
					"Give the socket a path (ListenStream=/run/app/http.sock), or serve it with Jetty.");
		}
		DomainSocketAddress address = new DomainSocketAddress(AdoptedServerChannels.path(socket.address()));
		return (server) -> server.bindAddress(() -> address);
	}

	/**
	 * The settings of one socket's server: its Unix bind address, the drain observing its
	 * requests, and Reactor Netty's PROXY protocol support, required ({@code ON}, not
	 * {@code AUTO}: a connection without a header is closed), when the socket requires
	 * the header, with a {@link ProxyHeaderDeadline} after its decoder.
	 */
	private NettyServerCustomizer socketCustomizer(ActivatedSocket socket, boolean proxyHeader,
			AcceptedConnectionsDrain drain, CountingHandler counter) {
		NettyServerCustomizer unixBind = unixBindAddress(socket);
		if (!proxyHeader) {
			return (server) -> unixBind.apply(server).observe(drain);
		}
		requireHaproxyCodec(socket, ActivatedNettyReactiveWebServerFactory.class.getClassLoader());
		Duration headerTimeout = this.proxyProtocol.headerTimeout();
		return (server) -> unixBind.apply(server)
			.observe(drain)
			.proxyProtocol(ProxyProtocolSupportType.ON)
			.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
				.addAfter(NettyPipeline.ProxyProtocolDecoder, ProxyHeaderDeadline.NAME,
						new ProxyHeaderDeadline(headerTimeout, counter)));
	}

	/**
	 * Fail when HTTP/2 is on for a socket that requires the PROXY protocol header:
	 * Reactor Netty (1.3) hands the header's client address to the first HTTP/2 stream of
	 * a connection only (its {@code HAProxyMessageReader} clears the address as it is
	 * read), so every later request on the connection would report the proxy's address.
	 * Tomcat and Jetty keep it for the whole connection.
	 * @param socket the socket that requires the header
	 * @param http2 the server's HTTP/2 settings
	 */
	static void refuseHttp2(ActivatedSocket socket, @Nullable Http2 http2) {
		if (http2 != null && http2.isEnabled()) {
			throw new SocketActivationException(
					"Connections to " + socket.describe()
							+ " must start with a PROXY protocol header, and HTTP/2 is on (server.http2.enabled), but "
							+ "Reactor Netty gives the header's client address to the first HTTP/2 request of a "
							+ "connection only: every later one would report the proxy's address.",
					"Turn HTTP/2 off (server.http2.enabled=false), or serve the application with Tomcat or Jetty, "
							+ "which keep the client address for every request of the connection.");
		}
	}

	/**
	 * Fail, saying what to add, when Netty's HAProxy codec, which Reactor Netty's PROXY
	 * protocol support needs, is missing.
	 * @param socket the socket that requires the header
	 * @param classLoader the class loader to look in
	 */
	static void requireHaproxyCodec(ActivatedSocket socket, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(HAPROXY_DECODER, classLoader)) {
			throw new SocketActivationException("Connections to " + socket.describe()
					+ " must start with a PROXY protocol header "
					+ "(socket-activation.program-socket.proxy-protocol or socket-activation.proxy-protocol.names), "
					+ "but Reactor Netty needs io.netty:netty-codec-haproxy to read it, and it is not on the "
					+ "class path.",
					"Add the dependency io.netty:netty-codec-haproxy (Spring Boot manages its version), or stop "
							+ "requiring the header on this socket.");
		}
	}

	/**
	 * Resources whose loop resources create the server channel of one socket.
	 */
	private static final class SingleSocketResourceFactory extends ReactorResourceFactory {

		private final @Nullable ReactorResourceFactory delegate;

		private final ActivatedSocket socket;

		private final List<ChannelHandler> serverHandlers;

		SingleSocketResourceFactory(@Nullable ReactorResourceFactory delegate, ActivatedSocket socket,
				List<ChannelHandler> serverHandlers) {
			this.delegate = delegate;
			this.socket = socket;
			this.serverHandlers = serverHandlers;
		}

		@Override
		public LoopResources getLoopResources() {
			LoopResources resources = (this.delegate != null) ? this.delegate.getLoopResources() : HttpResources.get();
			return new ActivatedLoopResources(resources, this.socket, this.serverHandlers);
		}

	}

}
