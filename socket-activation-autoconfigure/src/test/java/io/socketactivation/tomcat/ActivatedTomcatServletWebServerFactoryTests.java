package io.socketactivation.tomcat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.springframework.boot.web.server.WebServerException;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
	void abstractUnixSocketIsRefusedSayingWhatToDo() throws Exception {
		ActivatedSocket abstractSocket = LoopbackSockets.abstractUnix("web", 4, "app");
		try {
			assertThatExceptionOfType(SocketActivationException.class)
				.isThrownBy(() -> new AdoptedNioEndpoint().adopt(abstractSocket))
				.withMessageContaining("(fd 4) on @app is a Linux abstract Unix socket, which Tomcat cannot serve")
				.satisfies((ex) -> assertThat(ex.getAction()).contains("serve it with Jetty"));
		}
		finally {
			abstractSocket.channel().close();
		}
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

	@Test
	void aStoppedServerCannotServeTheSocketAgainAndSaysWhatToDo() throws IOException {
		ActivatedSocket socket = open(SocketFamily.INET);
		this.webServer = start(factory(socket));
		this.webServer.stop();
		assertThatExceptionOfType(WebServerException.class).isThrownBy(this.webServer::start)
			.havingRootCause()
			.isInstanceOf(SocketActivationException.class)
			.withMessageContaining("(fd 3) on " + socket.displayAddress() + " was already closed")
			.withMessageContaining("Restart the service (systemctl restart)");
	}

	@Test
	void proxyHeaderArrivingLateIsAwaitedWithoutHoldingUpTheAcceptor() throws Exception {
		ActivatedSocket socket = startRequiringProxyHeaders();
		try (Socket late = connect(socket)) {
			send(late, "PROXY TCP4 192.0.2.1 192.0.");
			// the acceptor goes on accepting while the first header is incomplete
			try (Socket prompt = connect(socket)) {
				send(prompt, "PROXY TCP6 2001:db8::7 2001:db8::2 7 443\r\n" + request("/client"));
				assertThat(readAll(prompt)).startsWith("HTTP/1.1 200").endsWith("\r\n2001:db8:0:0:0:0:0:7:7");
			}
			Thread.sleep(200);
			send(late, "2.2 56324 443\r\n" + request("/client"));
			assertThat(readAll(late)).startsWith("HTTP/1.1 200").endsWith("\r\n192.0.2.1:56324");
		}
	}

	@Test
	void proxyHeaderThatNeverCompletesIsClosedAfterTheTimeout() throws Exception {
		ActivatedSocket socket = startRequiringProxyHeaders(Duration.ofSeconds(1));
		// from before the connection, so before the server's timer starts
		long start = System.nanoTime();
		try (Socket client = connect(socket)) {
			send(client, "PROXY TCP4 192.0.2.1");
			assertThat(readAll(client)).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(950))
				.isLessThan(Duration.ofSeconds(10));
		}
		try (Socket client = connect(socket)) {
			send(client, "PROXY UNKNOWN\r\n" + request("/client"));
			assertThat(readAll(client)).startsWith("HTTP/1.1 200").endsWith("\r\n127.0.0.1:" + client.getLocalPort());
		}
	}

	@Test
	void stopClosesConnectionsStillWaitingForTheirProxyHeader() throws Exception {
		ActivatedSocket socket = startRequiringProxyHeaders();
		try (Socket client = connect(socket)) {
			send(client, "PROXY TCP4 192.0.2.1");
			Thread.sleep(200);
			long start = System.nanoTime();
			this.webServer.stop();
			this.webServer = null;
			assertThat(readAll(client)).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void withoutTheProxyProtocolAHeaderIsAMalformedRequest() throws Exception {
		ActivatedSocket socket = open(SocketFamily.INET);
		this.webServer = start(factory(socket));
		try (Socket client = connect(socket)) {
			send(client, "PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n" + request("/client"));
			assertThat(readAll(client)).startsWith("HTTP/1.1 400").doesNotContain("192.0.2.1:56324");
		}
	}

	private static Socket connect(ActivatedSocket socket) throws IOException {
		Socket client = new Socket();
		client.connect(socket.address(), 10_000);
		client.setSoTimeout(20_000);
		return client;
	}

	private static void send(Socket client, String text) throws IOException {
		client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		client.getOutputStream().flush();
	}

	private static String request(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
	}

	/**
	 * Read until the server closes the connection (a reset counts as closed).
	 */
	private static String readAll(Socket client) throws IOException {
		InputStream in = client.getInputStream();
		StringBuilder response = new StringBuilder();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
				response.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
			}
		}
		catch (SocketTimeoutException ex) {
			throw ex;
		}
		catch (IOException ex) {
			// reset by the server
		}
		return response.toString();
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

	private ActivatedSocket startRequiringProxyHeaders() throws IOException {
		return startRequiringProxyHeaders(ProxyProtocolPolicy.DEFAULT_HEADER_TIMEOUT);
	}

	private ActivatedSocket startRequiringProxyHeaders(Duration headerTimeout) throws IOException {
		ActivatedSocket socket = open(SocketFamily.INET);
		ActivatedTomcatServletWebServerFactory factory = factory(socket);
		factory.setProxyProtocolPolicy(ProxyProtocolPolicy.of(false, List.of("web"), headerTimeout));
		this.webServer = start(factory);
		return socket;
	}

	private WebServer start(ActivatedTomcatServletWebServerFactory factory) {
		WebServer server = factory.getWebServer((context) -> {
			context.addServlet("hello", new HelloServlet()).addMapping("/hello");
			context.addServlet("slow", new SlowServlet(this.slowRequestStarted)).addMapping("/slow");
			context.addServlet("client", new ClientServlet()).addMapping("/client");
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

	static class ClientServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getWriter().print(request.getRemoteAddr() + ":" + request.getRemotePort());
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
