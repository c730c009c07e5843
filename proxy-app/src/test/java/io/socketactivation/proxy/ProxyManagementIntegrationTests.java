package io.socketactivation.proxy;

import java.net.UnixDomainSocketAddress;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

	@Test
	void actuatorServesHealthMetricsAndConfigurationOnAPrivateUnixSocket() throws Exception {
		ChildProcess proxy = activate();
		assertThat(Client.exchange(this.port, "counted", ProxyRun.TIMEOUT)).isEqualTo("counted");
		Path socket = Path.of(proxy.awaitMatch("Actuator listening on (\\S+)", MANAGEMENT_TIMEOUT));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
			.isEqualTo("rwx------");
		assertThat(get(socket, "/actuator/health")).startsWith("HTTP/1.1 200")
			.contains("\"proxy\":{\"details\":{\"backend\":\"" + this.directory.resolve("b.sock") + "\","
					+ "\"backendReachable\":true,\"childAlive\":true,\"openConnections\":0},\"status\":\"UP\"}");
		assertThat(get(socket, "/actuator/metrics/proxy.connections.accepted"))
			.contains("\"measurements\":[{\"statistic\":\"COUNT\",\"value\":1.0}]");
		assertThat(get(socket, "/actuator/metrics/proxy.bytes?tag=direction:to-backend")).contains("\"value\":7.0");
		assertThat(get(socket, "/actuator/proxy"))
			.contains("\"listeners\":[\"systemd socket 'unknown' (fd 3) on 127.0.0.1:" + this.port + "\"]")
			.contains("\"max\":256");
		String request = "GET /actuator/health HTTP/1.0\r\n\r\n";
		assertThat(Client.exchange(this.port, request, ProxyRun.TIMEOUT)).isEqualTo(request);
	}

	@Test
	void actuatorCanListenOnALoopbackPort() throws Exception {
		int managementPort = Commands.freePort();
		ChildProcess proxy = activate("--proxy.management.address=127.0.0.1:" + managementPort);
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		proxy.awaitOutput("Actuator listening on 127.0.0.1:" + managementPort, MANAGEMENT_TIMEOUT);
		HttpResponse<String> health = Http.get("http://127.0.0.1:" + managementPort + "/actuator/health",
				ProxyRun.TIMEOUT);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
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
		// logged once the management application is ready (health is DOWN before)
		proxy.awaitOutput("Actuator listening on systemd socket 'management' (fd 4) on 127.0.0.1:" + managementPort,
				MANAGEMENT_TIMEOUT);
		HttpResponse<String> health = Http.get("http://127.0.0.1:" + managementPort + "/actuator/health",
				ProxyRun.TIMEOUT);
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

	private static String get(Path socket, String path) throws Exception {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
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

}
