package io.socketactivation.actuate;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class WebServerListenersRecorderTests {

	private ActivatedSocket socket;

	@AfterEach
	void close() throws Exception {
		if (this.socket != null) {
			this.socket.channel().close();
		}
	}

	@Test
	void recordsTheMainServerWithTheListenersEveryInstrumentationFinds() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		WebServer webServer = webServer(this.socket.port());
		TestListenerConnections connections = new TestListenerConnections(this.socket);
		ListenerInstrumentation finds = (server) -> (server == webServer) ? List.of(connections) : List.of();
		ListenerInstrumentation other = (server) -> List.of();
		new WebServerListenersRecorder(listeners, List.of(other, finds))
			.onApplicationEvent(new TestWebServerInitializedEvent(webServer, context(null)));
		assertThat(listeners.listeners()).singleElement().satisfies((listener) -> {
			assertThat(listener.server()).isEqualTo("main");
			assertThat(listener.connections()).isSameAs(connections);
		});
	}

	@Test
	void recordsTheManagementServerByItsNamespace() {
		ServedListeners listeners = new ServedListeners(ActivatedSockets.none("LISTEN_PID is not set"));
		new WebServerListenersRecorder(listeners, List.of())
			.onApplicationEvent(new TestWebServerInitializedEvent(webServer(8081), context("management")));
		assertThat(listeners.listeners()).singleElement()
			.satisfies((listener) -> assertThat(listener.server()).isEqualTo("management"));
	}

	private static WebServer webServer(int port) {
		WebServer webServer = mock(WebServer.class);
		given(webServer.getPort()).willReturn(port);
		return webServer;
	}

	private static WebServerApplicationContext context(String namespace) {
		WebServerApplicationContext context = mock(WebServerApplicationContext.class);
		given(context.getServerNamespace()).willReturn(namespace);
		return context;
	}

	static class TestWebServerInitializedEvent extends WebServerInitializedEvent {

		private final WebServerApplicationContext context;

		TestWebServerInitializedEvent(WebServer webServer, WebServerApplicationContext context) {
			super(webServer);
			this.context = context;
		}

		@Override
		public WebServerApplicationContext getApplicationContext() {
			return this.context;
		}

	}

}
