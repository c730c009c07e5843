package io.socketactivation.netty;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.AbstractSocketActivationIntegrationTests;
import io.socketactivation.testapp.reactive.ReactiveTestApplication;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.ProcessSockets;
import io.socketactivation.testsupport.Servers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket-activation suite on Reactor Netty (native epoll transport on Linux).
 *
 * @author socket-activation contributors
 */
class NettySocketActivationIntegrationTests extends AbstractSocketActivationIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.NETTY;
	}

	@Override
	protected String mainClass() {
		return ReactiveTestApplication.class.getName();
	}

	@Override
	protected String unixSocketPeer() {
		return "none";
	}

	@Override
	protected String serverName() {
		return "Netty";
	}

	@Override
	protected String shutdownBegins() {
		// before Boot's "Commencing graceful shutdown", which follows the first requests
		return "Stopped accepting on";
	}

	@Test
	void theNativeTransportAcceptsOnANonBlockingSocket() throws Exception {
		ChildProcess app = activate(Commands.socketActivate(List.of("127.0.0.1:" + port()), app()), Map.of());
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).statusCode()).isEqualTo(200);
		assertStarted(app);
		// two fds: the adopted JDK channel's and the epoll channel's duplicate. The mode
		// belongs to the socket, so both show it. A blocking accept that finds no
		// connection (another process sharing the socket took it) would hold the event
		// loop until the next one
		assertThat(ProcessSockets.of(app.pid()).listenerFds(port())).hasSize(2).doesNotContainValue(false);
	}

	@Test
	void nioTransportServesTcpAndUnixSocketsWhereNoNativeTransportIs(@TempDir Path directory) throws Exception {
		Path unix = directory.resolve("app.sock");
		ChildProcess app = activate(Commands.socketActivate(List.of("127.0.0.1:" + port(), unix.toString()), app()),
				Map.of("JAVA_TOOL_OPTIONS", "-Dreactor.netty.native=false"));
		HttpResponse<String> response = Http.get(url("127.0.0.1"), START_TIMEOUT);
		assertThat(response.body()).contains("port=" + port() + " webServerPort=" + port());
		assertThat(Http.getUnix(unix, "/hello", START_TIMEOUT)).startsWith("HTTP/1.1 200").endsWith("hello");
		assertStarted(app);
		assertThat(app.output()).doesNotContain("Epoll");
		app.terminate();
		assertThat(app.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
		assertThat(unix).as("the NIO domain channel only knows the throwaway path").exists();
	}

}
