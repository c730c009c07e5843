package io.socketactivation.netty;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ActivatedNettyReactiveWebServerFactoryTests {

	private ActivatedSocket socket;

	@BeforeEach
	void open() throws IOException {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "proxied", 3);
	}

	@AfterEach
	void close() throws IOException {
		this.socket.channel().close();
	}

	@Test
	void requiringTheProxyHeaderWithoutNettysHaproxyCodecFailsNamingTheDependency() {
		ClassLoader withoutCodec = new FilteredClassLoader("io.netty.handler.codec.haproxy");
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> ActivatedNettyReactiveWebServerFactory.requireHaproxyCodec(this.socket, withoutCodec))
			.withMessageContaining("Connections to systemd socket 'proxied' (fd 3)")
			.withMessageContaining("Reactor Netty needs io.netty:netty-codec-haproxy to read it")
			.satisfies(
					(ex) -> assertThat(ex.getAction()).startsWith("Add the dependency io.netty:netty-codec-haproxy"));
	}

	@Test
	void abstractUnixSocketIsRefusedSayingWhatToDo() throws IOException {
		ActivatedSocket abstractSocket = LoopbackSockets.abstractUnix("web", 4, "app");
		try {
			assertThatExceptionOfType(SocketActivationException.class)
				.isThrownBy(() -> ActivatedNettyReactiveWebServerFactory.unixBindAddress(abstractSocket))
				.withMessageContaining(
						"(fd 4) on @app is a Linux abstract Unix socket, which Reactor Netty cannot serve")
				.satisfies((ex) -> assertThat(ex.getAction()).contains("serve it with Jetty"));
		}
		finally {
			abstractSocket.channel().close();
		}
	}

	@Test
	void http2OnASocketThatRequiresTheProxyHeaderIsRefusedBeforeAnythingIsServed() {
		ActivatedNettyReactiveWebServerFactory factory = http2RequiringHeadersOn("proxied");
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> factory.getWebServer((request, response) -> response.setComplete()))
			.withMessageContaining("Connections to systemd socket 'proxied' (fd 3)")
			.withMessageContaining("must start with a PROXY protocol header, and HTTP/2 is on (server.http2.enabled)")
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Turn HTTP/2 off (server.http2.enabled=false)"));
		assertThat(this.socket.channel().isOpen()).as("the socket, left open").isTrue();
	}

	@Test
	void aStoppedServerCannotServeTheSocketAgainAndSaysWhatToDo() {
		ActivatedNettyReactiveWebServerFactory factory = new ActivatedNettyReactiveWebServerFactory();
		factory.setActivatedSockets(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		WebServer server = factory.getWebServer((request, response) -> response.setComplete());
		server.start();
		try {
			server.stop();
			assertThatExceptionOfType(WebServerException.class).isThrownBy(server::start)
				.havingRootCause()
				.isInstanceOf(SocketActivationException.class)
				.withMessageContaining("(fd 3) on " + this.socket.displayAddress() + " was already closed")
				.withMessageContaining("Restart the service (systemctl restart)");
		}
		finally {
			server.stop();
		}
	}

	@Test
	void http2OnASocketWithoutTheProxyHeaderIsFine() {
		ActivatedNettyReactiveWebServerFactory factory = http2RequiringHeadersOn("other");
		assertThatNoException().isThrownBy(() -> factory.getWebServer((request, response) -> response.setComplete()));
	}

	/**
	 * A factory of HTTP/2 servers for {@code this.socket} ('proxied'), requiring a PROXY
	 * header on the sockets of that name.
	 */
	private ActivatedNettyReactiveWebServerFactory http2RequiringHeadersOn(String socketName) {
		ActivatedNettyReactiveWebServerFactory factory = new ActivatedNettyReactiveWebServerFactory();
		factory.setActivatedSockets(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		factory.setProxyProtocolPolicy(ProxyProtocolPolicy.of(false, List.of(socketName), Duration.ofSeconds(5)));
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		return factory;
	}

	@Test
	void requiringTheProxyHeaderWithNettysHaproxyCodecIsFine() {
		assertThatNoException().isThrownBy(() -> ActivatedNettyReactiveWebServerFactory.requireHaproxyCodec(this.socket,
				getClass().getClassLoader()));
	}

}
