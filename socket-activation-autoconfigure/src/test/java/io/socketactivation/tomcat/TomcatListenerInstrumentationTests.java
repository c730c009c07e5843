package io.socketactivation.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.actuate.ListenerConnections;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

class TomcatListenerInstrumentationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final TomcatListenerInstrumentation instrumentation = new TomcatListenerInstrumentation();

	private ActivatedSocket socket;

	private WebServer webServer;

	@AfterEach
	void stop() throws IOException {
		if (this.webServer != null) {
			this.webServer.stop();
		}
		if (this.socket != null) {
			this.socket.channel().close();
		}
	}

	@Test
	void findsTheAdoptedConnectorAndCountsItsConnections() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		ActivatedTomcatServletWebServerFactory factory = new ActivatedTomcatServletWebServerFactory();
		factory.setActivatedSockets(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		this.webServer = start(factory);
		List<ListenerConnections> listeners = this.instrumentation.listeners(this.webServer);
		assertThat(listeners).singleElement().satisfies((listener) -> {
			assertThat(listener.socket()).isSameAs(this.socket);
			assertThat(listener.acceptedConnections()).isZero();
			assertThat(listener.openConnections()).isZero();
		});
		ListenerConnections listener = listeners.get(0);
		assertThat(get("/hello")).startsWith("HTTP/1.1 200");
		assertThat(listener.acceptedConnections()).isEqualTo(1);
		await().atMost(TIMEOUT).until(listener::openConnections, (open) -> open == 0);
		try (Socket idle = connect()) {
			assertThat(idle.isConnected()).isTrue();
			await().atMost(TIMEOUT).until(listener::openConnections, (open) -> open == 1);
			assertThat(listener.acceptedConnections()).isEqualTo(2);
		}
		await().atMost(TIMEOUT).until(listener::openConnections, (open) -> open == 0);
	}

	@Test
	void tomcatThatBoundItsOwnPortHasNoInstrumentedListener() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		this.webServer = start(factory);
		assertThat(this.instrumentation.listeners(this.webServer)).isEmpty();
	}

	@Test
	void otherServersAreNotTomcats() {
		assertThat(this.instrumentation.listeners(mock(WebServer.class))).isEmpty();
	}

	private String get(String path) throws IOException {
		try (Socket socket = connect()) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout((int) TIMEOUT.toMillis());
		socket.connect(new InetSocketAddress("127.0.0.1", this.socket.port()));
		return socket;
	}

	private static WebServer start(TomcatServletWebServerFactory factory) {
		WebServer server = factory
			.getWebServer((context) -> context.addServlet("hello", new HelloServlet()).addMapping("/hello"));
		server.start();
		return server;
	}

	static class HelloServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.getWriter().print("hello");
		}

	}

}
