package io.socketactivation.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;

class ActivatedTomcatServletWebServerFactoryTests {

	private final List<ActivatedSocket> sockets = new ArrayList<>();

	private WebServer webServer;

	private final CountDownLatch slowRequestStarted = new CountDownLatch(1);

	@AfterEach
	void stop() throws IOException {
		if (this.webServer != null) {
			this.webServer.stop();
		}
		for (ActivatedSocket socket : this.sockets) {
			socket.channel().close();
		}
	}

	@Test
	void servesTheAdoptedSocketAndReportsItsPort() throws Exception {
		ActivatedSocket socket = open(SocketFamily.INET);
		this.webServer = start(factory(socket));
		assertThat(this.webServer.getPort()).isEqualTo(socket.port());
		HttpResponse<String> response = Http.get(url(socket, "/hello"), Duration.ofSeconds(10));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello from " + socket.port());
	}

	@Test
	void servesEverySocketWithItsOwnCustomizedConnector() throws Exception {
		ActivatedSocket ipv4 = open(SocketFamily.INET);
		ActivatedSocket ipv6 = open(SocketFamily.INET6);
		ActivatedTomcatServletWebServerFactory factory = factory(ipv4, ipv6);
		List<Connector> customized = new ArrayList<>();
		factory.addConnectorCustomizers(customized::add);
		Compression compression = new Compression();
		compression.setEnabled(true);
		factory.setCompression(compression);
		this.webServer = start(factory);
		assertThat(customized).hasSize(2).allSatisfy((connector) -> {
			assertThat(connector.getProtocolHandler()).isInstanceOf(AdoptedHttp11NioProtocol.class);
			assertThat(connector.getProperty("compression")).isEqualTo("on");
		});
		assertThat(customized).extracting(Connector::getLocalPort).containsExactly(ipv4.port(), ipv6.port());
		assertThat(Http.get(url(ipv4, "/hello"), Duration.ofSeconds(10)).body()).isEqualTo("hello from " + ipv4.port());
		assertThat(Http.get(url(ipv6, "/hello"), Duration.ofSeconds(10)).body()).isEqualTo("hello from " + ipv6.port());
	}

	@Test
	void withoutSocketsBindsThePortAsBootDoes() throws Exception {
		ActivatedTomcatServletWebServerFactory factory = new ActivatedTomcatServletWebServerFactory();
		factory.setActivatedSockets(ActivatedSockets.none("LISTEN_PID is not set"));
		factory.setPort(0);
		this.webServer = start(factory);
		assertThat(this.webServer.getPort()).isPositive();
		assertThat(Http.get("http://127.0.0.1:" + this.webServer.getPort() + "/hello", Duration.ofSeconds(10)).body())
			.isEqualTo("hello from " + this.webServer.getPort());
	}

	@Test
	void gracefulShutdownCompletesTheRequestInFlight() throws Exception {
		ActivatedSocket socket = open(SocketFamily.INET);
		ActivatedTomcatServletWebServerFactory factory = factory(socket);
		factory.setShutdown(Shutdown.GRACEFUL);
		this.webServer = start(factory);
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
			try {
				return Http.get(url(socket, "/slow"), Duration.ofSeconds(20));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(this.slowRequestStarted.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		CountDownLatch shutdown = new CountDownLatch(1);
		this.webServer.shutDownGracefully((outcome) -> {
			result.set(outcome);
			shutdown.countDown();
		});
		assertThat(inFlight.get(20, TimeUnit.SECONDS).body()).isEqualTo("slept");
		assertThat(shutdown.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(result.get()).isEqualTo(GracefulShutdownResult.IDLE);
	}

	@Test
	void stopClosesOnlyThisProcessesChannel() throws Exception {
		ActivatedSocket socket = open(SocketFamily.INET);
		this.webServer = start(factory(socket));
		this.webServer.stop();
		this.webServer = null;
		assertThat(socket.channel().isOpen()).isFalse();
	}

	private ActivatedSocket open(SocketFamily family) throws IOException {
		ActivatedSocket socket = LoopbackSockets.open(family, "web", 3 + this.sockets.size());
		this.sockets.add(socket);
		return socket;
	}

	private ActivatedTomcatServletWebServerFactory factory(ActivatedSocket... sockets) {
		ActivatedTomcatServletWebServerFactory factory = new ActivatedTomcatServletWebServerFactory();
		factory.setActivatedSockets(ActivatedSockets.of(List.of(sockets), "LISTEN_FDS=" + sockets.length));
		return factory;
	}

	private WebServer start(ActivatedTomcatServletWebServerFactory factory) {
		WebServer server = factory.getWebServer((context) -> {
			context.addServlet("hello", new HelloServlet()).addMapping("/hello");
			context.addServlet("slow", new SlowServlet(this.slowRequestStarted)).addMapping("/slow");
		});
		server.start();
		return server;
	}

	private static String url(ActivatedSocket socket, String path) {
		InetSocketAddress address = (InetSocketAddress) socket.address();
		String host = address.getAddress().getHostAddress();
		return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + path;
	}

	static class HelloServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getWriter().print("hello from " + request.getLocalPort());
		}

	}

	static class SlowServlet extends HttpServlet {

		private final transient CountDownLatch started;

		SlowServlet(CountDownLatch started) {
			this.started = started;
		}

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			this.started.countDown();
			try {
				Thread.sleep(1500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			response.getWriter().print("slept");
		}

	}

}
