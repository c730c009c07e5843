package io.socketactivation.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.socketactivation.proxy.support.Client;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.proxy.support.TestBackend;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Actuator on the management socket, beside the data path and never on the forwarded
 * socket.
 *
 * @author socket-activation contributors
 */
class ProxyManagementIntegrationTests {

	/** A Spring Boot start on a loaded 2-core machine. */
	private static final Duration MANAGEMENT_TIMEOUT = Duration.ofSeconds(120);

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	@TempDir
	Path directory;

	private int port;

	private TestBackend backend;

	@BeforeEach
	void start() throws Exception {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
		this.backend = TestBackend.start(UnixDomainSocketAddress.of(this.directory.resolve("b.sock")), "echo", 0);
	}

	@AfterEach
	void stop() throws Exception {
		this.processes.close();
		this.backend.close();
	}

	private ChildProcess activate(String... options) throws Exception {
		List<String> args = new ArrayList<>(List.of(options));
		args.add("-");
		ChildProcess proxy = ProxyRun.activate(this.port,
				Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.directory.resolve("b.sock").toString()), args);
		this.processes.add(proxy);
		return proxy;
	}

	/**
	 * Start the proxy with Actuator at once on a loopback port, by a first forwarded
	 * exchange, and wait until Actuator listens.
	 */
	private ChildProcess activateWithEagerManagementOn(int managementPort) throws Exception {
		ChildProcess proxy = activate("--proxy.management.address=127.0.0.1:" + managementPort,
				"--proxy.management.start=eager");
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		proxy.awaitOutput("Actuator listening on 127.0.0.1:" + managementPort, MANAGEMENT_TIMEOUT);
		return proxy;
	}

	@Test
	void actuatorStartsOnTheFirstConnectionToAPrivateUnixSocketAndServesHealthMetricsAndConfiguration()
			throws Exception {
		ChildProcess proxy = activate();
		assertThat(Client.exchange(this.port, "counted", ProxyRun.TIMEOUT)).isEqualTo("counted");
		Path socket = Path.of(proxy.awaitMatch("Actuator starts on the first connection to (\\S+)", ProxyRun.TIMEOUT));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
			.isEqualTo("rwx------");
		assertThat(proxy.output()).doesNotContain("Actuator listening");
		// this connection waits in the socket while Actuator starts, then is served
		assertThat(get(socket, "/actuator/health", MANAGEMENT_TIMEOUT)).startsWith("HTTP/1.1 200")
			.contains("\"proxy\":{\"details\":{\"backend\":\"" + this.directory.resolve("b.sock") + "\","
					+ "\"backendReachable\":true,\"childAlive\":true,\"openConnections\":0},\"status\":\"UP\"}");
		assertThat(proxy.output()).contains("Actuator listening on " + socket);
		assertThat(get(socket, "/actuator/health", ProxyRun.TIMEOUT)).doesNotContain("livenessState")
			.doesNotContain("readinessState");
		assertThat(get(socket, "/actuator/metrics/proxy.connections.accepted", ProxyRun.TIMEOUT))
			.contains("\"measurements\":[{\"statistic\":\"COUNT\",\"value\":1.0}]");
		assertThat(get(socket, "/actuator/metrics/proxy.bytes?tag=direction:to-backend", ProxyRun.TIMEOUT))
			.contains("\"value\":7.0");
		assertThat(get(socket, "/actuator/proxy", ProxyRun.TIMEOUT))
			.contains("\"listeners\":[\"systemd socket 'unknown' (fd 3) on 127.0.0.1:" + this.port + "\"],"
					+ "\"transport\":\"epoll\",\"eventLoops\":" + Runtime.getRuntime().availableProcessors())
			.contains("\"max\":256");
		String request = "GET /actuator/health HTTP/1.0\r\n\r\n";
		assertThat(Client.exchange(this.port, request, ProxyRun.TIMEOUT)).isEqualTo(request);
	}

	@Test
	void actuatorCanListenOnALoopbackPortAndStartAtOnce() throws Exception {
		int managementPort = Commands.freePort();
		// no request asks for it
		ChildProcess proxy = activateWithEagerManagementOn(managementPort);
		HttpResponse<String> health = Http.get("http://127.0.0.1:" + managementPort + "/actuator/health",
				ProxyRun.TIMEOUT);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(proxy.output()).doesNotContain("Actuator starts on the first connection");
	}

	@Test
	void settingsMeantForTheChildDoNotMoveTheProxysActuator() throws Exception {
		int managementPort = Commands.freePort();
		int childManagementPort = Commands.freePort();
		ChildProcess proxy = ProxyRun.activate(this.port,
				Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.directory.resolve("b.sock").toString(),
						"MANAGEMENT_SERVER_PORT", String.valueOf(childManagementPort), "MANAGEMENT_SERVER_ADDRESS",
						"0.0.0.0", "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health"),
				List.of("--proxy.management.address=127.0.0.1:" + managementPort, "--proxy.management.start=eager",
						"-"));
		this.processes.add(proxy);
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		proxy.awaitOutput("Actuator listening on 127.0.0.1:" + managementPort, MANAGEMENT_TIMEOUT);
		assertThat(Http.get("http://127.0.0.1:" + managementPort + "/actuator/proxy", ProxyRun.TIMEOUT).statusCode())
			.isEqualTo(200);
		try (SocketChannel channel = SocketChannel.open()) {
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> channel.connect(new InetSocketAddress("127.0.0.1", childManagementPort)));
		}
	}

	@Test
	void metricsCountConnectionsBytesErrorsAndTimes() throws Exception {
		int managementPort = Commands.freePort();
		ChildProcess proxy = activate("--proxy.management.address=127.0.0.1:" + managementPort,
				"--proxy.management.start=eager", "--proxy.connections.max=2", "--proxy.backend.connect-timeout=300ms");
		String metrics = "http://127.0.0.1:" + managementPort + "/actuator/metrics/";
		assertThat(Client.exchange(this.port, "hello", ProxyRun.TIMEOUT)).isEqualTo("hello");
		proxy.awaitOutput("Actuator listening on 127.0.0.1:" + managementPort, MANAGEMENT_TIMEOUT);
		try (Client first = Client.connect(this.port, ProxyRun.TIMEOUT);
				Client second = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			first.send("1");
			second.send("2");
			assertThat(first.read(1) + second.read(1)).isEqualTo("12");
			try (Client refused = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				assertThat(refused.isClosedByPeer()).isTrue();
			}
			assertThat(awaitMeasurement(metrics + "proxy.connections.open", "VALUE", 2)).isEqualTo(2);
			assertThat(awaitMeasurement(metrics + "proxy.connections.refused", "COUNT", 1)).isEqualTo(1);
			second.reset();
			assertThat(awaitMeasurement(metrics + "proxy.errors?tag=kind:client-reset", "COUNT", 1)).isEqualTo(1);
		}
		this.backend.close();
		try (Client waiting = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(waiting.isClosedByPeer())
				.as(() -> "closed at the connect timeout (300 ms); proxy output:%n%s".formatted(proxy.output()))
				.isTrue();
		}
		assertThat(awaitMeasurement(metrics + "proxy.errors?tag=kind:backend-unavailable", "COUNT", 1)).isEqualTo(1);
		assertThat(awaitMeasurement(metrics + "proxy.connections.open", "VALUE", 0)).isZero();
		assertThat(awaitMeasurement(metrics + "proxy.connections.accepted", "COUNT", 5)).isEqualTo(5);
		assertThat(awaitMeasurement(metrics + "proxy.bytes?tag=direction:to-client", "COUNT", 7)).isEqualTo(7);
		// the exchange and the two held connections reached the backend; the last did not
		assertThat(awaitMeasurement(metrics + "proxy.backend.connect", "COUNT", 3)).isEqualTo(3);
		assertThat(awaitMeasurement(metrics + "proxy.connection.duration", "COUNT", 4)).isEqualTo(4);
		assertThat(measurement(metrics + "proxy.errors?tag=kind:idle-timeout", "COUNT")).isZero();
	}

	/**
	 * Ask for a meter until a statistic reaches the expected value, for the test timeout
	 * at most, and return its last value.
	 */
	private static double awaitMeasurement(String url, String statistic, double expected) throws Exception {
		long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
		double value = measurement(url, statistic);
		while (value != expected && System.nanoTime() < deadline) {
			Thread.sleep(50);
			value = measurement(url, statistic);
		}
		return value;
	}

	private static double measurement(String url, String statistic) throws Exception {
		HttpResponse<String> response = Http.get(url, ProxyRun.TIMEOUT);
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		Matcher matcher = Pattern.compile("\\{\"statistic\":\"" + statistic + "\",\"value\":([0-9.E-]+)\\}")
			.matcher(response.body());
		assertThat(matcher.find()).as(response.body()).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@Test
	void healthIsDownWhileTheBackendDoesNotAcceptEvenWithNoClient() throws Exception {
		int managementPort = Commands.freePort();
		activateWithEagerManagementOn(managementPort);
		String health = "http://127.0.0.1:" + managementPort + "/actuator/health";
		this.backend.close();
		HttpResponse<String> down = Http.get(health, ProxyRun.TIMEOUT);
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.body()).contains("\"backendReachable\":false").contains("\"status\":\"DOWN\"");
		Files.deleteIfExists(this.directory.resolve("b.sock"));
		this.backend = TestBackend.start(UnixDomainSocketAddress.of(this.directory.resolve("b.sock")), "echo", 0);
		HttpResponse<String> up = Http.get(health, ProxyRun.TIMEOUT);
		assertThat(up.statusCode()).isEqualTo(200);
		assertThat(up.body()).contains("\"backendReachable\":true");
	}

	@Test
	void stoppingBeforeActuatorWasAskedForRemovesItsConfiguredSocket() throws Exception {
		Path socket = this.directory.resolve("management.sock");
		ChildProcess proxy = activate("--proxy.management.address=" + socket);
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		proxy.awaitOutput("Actuator starts on the first connection to " + socket, ProxyRun.TIMEOUT);
		assertThat(socket).exists();
		proxy.terminate();
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isIn(0, 143);
		assertThat(socket).doesNotExist();
		assertThat(proxy.output()).doesNotContain("Actuator listening");
	}

	@Test
	void aStaleSocketLeftAtTheConfiguredAddressIsReplaced() throws Exception {
		Path socket = this.directory.resolve("management.sock");
		// what a proxy killed before it could remove its socket leaves behind
		try (ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			earlier.bind(UnixDomainSocketAddress.of(socket));
		}
		assertThat(socket).exists();
		ChildProcess proxy = activate("--proxy.management.address=" + socket);
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		proxy.awaitOutput("Actuator starts on the first connection to " + socket, ProxyRun.TIMEOUT);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		assertThat(get(socket, "/actuator/health", MANAGEMENT_TIMEOUT)).startsWith("HTTP/1.1 200");
	}

	@Test
	void whenActuatorCannotStartItsSocketIsClosedAndForwardingGoesOn() throws Exception {
		// a setting the management application cannot bind makes it fail to start (a
		// system property: it reads no environment variable)
		ChildProcess proxy = ProxyRun.activate(this.port, Map.of("LAUNCH_PROGRAM_SOCKET_PATH",
				this.directory.resolve("b.sock").toString(), "JAVA_TOOL_OPTIONS", "-Dserver.tomcat.threads.max=none"),
				List.of("-"));
		this.processes.add(proxy);
		assertThat(Client.exchange(this.port, "first", ProxyRun.TIMEOUT)).isEqualTo("first");
		Path socket = Path.of(proxy.awaitMatch("Actuator starts on the first connection to (\\S+)", ProxyRun.TIMEOUT));
		String answer;
		try {
			answer = get(socket, "/actuator/health", MANAGEMENT_TIMEOUT);
		}
		catch (AsynchronousCloseException ex) {
			throw new AssertionError("the first management connection was left waiting", ex);
		}
		catch (IOException ex) {
			answer = "";
		}
		assertThat(answer).as("the waiting connection is closed unanswered").isEmpty();
		assertThat(proxy.output()).contains("Actuator could not start on " + socket);
		assertThatExceptionOfType(IOException.class).as("refused: nothing listens there any more")
			.isThrownBy(() -> SocketChannel.open(UnixDomainSocketAddress.of(socket)).close());
		assertThat(Client.exchange(this.port, "still forwarded", ProxyRun.TIMEOUT)).isEqualTo("still forwarded");
	}

	@Test
	void aPrivateDirectoryThatCannotBeMadeStopsTheStartBeforeAnythingIsForwarded() throws Exception {
		// a backend is set: the private directory is needed for Actuator's socket only
		ChildProcess proxy = activate("--proxy.child.directory-parent=/nonexistent/parent");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		assertThat(proxy.output()).contains("Cannot create a private directory in /nonexistent/parent")
			.doesNotContain("Forwarding")
			.doesNotContain("Actuator starts");
	}

	@Test
	void anAbstractManagementAddressIsRefusedBeforeAnythingStarts() throws Exception {
		ChildProcess proxy = activate("--proxy.management.address=@management");
		try (Client activation = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isNotZero();
			assertThat(activation.isClosedByPeer()).as("the connection that started it, not forwarded").isTrue();
		}
		assertThat(proxy.output()).contains("proxy.management.address='@management' is an abstract socket name")
			.doesNotContain("Forwarding");
	}

	@ParameterizedTest
	@ValueSource(strings = { "auto", "nio" })
	void activatedSocketNamedManagementServesActuatorAndIsNeverForwarded(String transport) throws Exception {
		int managementPort = Commands.freePort();
		ChildProcess proxy = ProxyRun.activate(
				List.of("127.0.0.1:" + this.port, "127.0.0.1:" + managementPort, "--fdname=web:management"),
				Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.directory.resolve("b.sock").toString()),
				List.of("--proxy.transport=" + transport, "--proxy.management.address=127.0.0.1:" + Commands.freePort(),
						"-"));
		this.processes.add(proxy);
		assertThat(Client.exchange(this.port, "forwarded", ProxyRun.TIMEOUT)).isEqualTo("forwarded");
		proxy.awaitOutput("Actuator starts on the first connection to systemd socket 'management' (fd 4) on 127.0.0.1:"
				+ managementPort, ProxyRun.TIMEOUT);
		HttpResponse<String> health = Http.get("http://127.0.0.1:" + managementPort + "/actuator/health",
				MANAGEMENT_TIMEOUT);
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).contains("\"proxy\":{\"details\":{\"backend\"").contains("\"status\":\"UP\"");
		assertThat(proxy.output()).contains("proxy.management.address=127.0.0.1:")
			.contains("is ignored: the activated socket 'management' serves Actuator");
		// only the data socket is forwarded: the management socket answers HTTP itself
		assertThat(Http.get("http://127.0.0.1:" + managementPort + "/actuator/proxy", ProxyRun.TIMEOUT).body())
			.contains("\"listeners\":[\"systemd socket 'web' (fd 3) on 127.0.0.1:" + this.port + "\"]");
		assertThat(Http
			.get("http://127.0.0.1:" + managementPort + "/actuator/metrics/proxy.connections.accepted",
					ProxyRun.TIMEOUT)
			.body()).contains("\"measurements\":[{\"statistic\":\"COUNT\",\"value\":1.0}]");
		String request = "GET /actuator/health HTTP/1.0\r\n\r\n";
		assertThat(Client.exchange(this.port, request, ProxyRun.TIMEOUT)).isEqualTo(request);
	}

	private static String get(Path socket, String path, Duration timeout) throws Exception {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			// closing the channel ends a read that waits too long
			CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> close(channel));
			channel.write(ByteBuffer
				.wrap(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
			ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
			while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
				// read to the end
			}
			buffer.flip();
			return StandardCharsets.UTF_8.decode(buffer).toString();
		}
	}

	private static void close(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

}
