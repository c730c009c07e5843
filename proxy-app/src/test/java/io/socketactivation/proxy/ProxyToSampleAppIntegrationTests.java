package io.socketactivation.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.proxy.support.BufferLeaks;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * proxy-app with a PROXY protocol header towards the backend, running the packaged
 * sample-app as its child: the application sees the real client's address and port, with
 * no setting on the application's side.
 *
 * @author socket-activation contributors
 */
class ProxyToSampleAppIntegrationTests {

	/** Two JVM start-ups, one of them a Spring MVC application, on a loaded machine. */
	private static final Duration TIMEOUT = Duration.ofSeconds(150);

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	@TempDir
	Path accessLogs;

	private final BufferLeaks leaks = new BufferLeaks();

	private int port;

	@BeforeEach
	void preconditions() {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
	}

	@AfterEach
	void noBufferLost() throws Exception {
		// before the extension stops the processes
		this.leaks.assertNoneLost();
	}

	@Test
	void sampleAppSeesTheClientsAddressFromAVersion2Header() throws Exception {
		String jar = System.getProperty("sample-app.jar");
		assumeThat(jar).as("integration test: failsafe runs it against the packaged sample-app.jar").isNotNull();
		assertThat(Path.of(jar)).exists();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// the access log writes what the application sees: getRemoteAddr(),
		// getRemotePort()
		ChildProcess proxy = ProxyRun.activate(this.port, Map.of(), List.of("--proxy.backend.proxy-protocol=v2",
				"--proxy.backend.connect-timeout=" + TIMEOUT.toSeconds() + "s", "--proxy.management.enabled=false",
				java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar,
				"--server.tomcat.accesslog.enabled=true", "--server.tomcat.accesslog.directory=" + this.accessLogs,
				"--server.tomcat.accesslog.buffered=false",
				"--server.tomcat.accesslog.pattern=client=%a:%{remote}p %r %s"));
		this.processes.add(proxy);
		this.leaks.watch(proxy, this.port);
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			client.setSoTimeout((int) TIMEOUT.toMillis());
			client.getOutputStream()
				.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 200").contains("\"message\":\"Hello from sample-app\"");
			String expected = "client=127.0.0.1:" + client.getLocalPort() + " GET / HTTP/1.1 200";
			proxy.awaitOutput((output) -> accessLog().contains(expected), "access log line '" + expected + "'",
					Duration.ofSeconds(10));
		}
		assertThat(proxy.output()).contains("Tomcat connector serves LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on ")
			.contains("backend.sock (PROXY protocol header required)");
	}

	private String accessLog() {
		try (Stream<Path> files = Files.list(this.accessLogs)) {
			StringBuilder log = new StringBuilder();
			for (Path file : files.toList()) {
				log.append(Files.readString(file));
			}
			return log.toString();
		}
		catch (IOException ex) {
			return "";
		}
	}

}
