package io.socketactivation.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample-app jar, socket-activated as README's demo runs it.
 */
class SampleApplicationIntegrationTests {

	private ChildProcess app;

	private int port;

	@BeforeEach
	void preconditions() {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void executableJarServesTheActivatedSocketAndSaysWhichItAdopted() throws Exception {
		Path jar = Path.of(System.getProperty("sample-app.jar"));
		assertThat(jar).exists();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.app = ChildProcess.start(
				Commands.socketActivate(List.of("127.0.0.1:" + this.port), List.of(java, "-jar", jar.toString())),
				Map.of());
		this.app.awaitOutput("Listening on 127.0.0.1:" + this.port, Duration.ofSeconds(10));
		HttpResponse<String> response = Http.get("http://127.0.0.1:" + this.port + "/", Duration.ofSeconds(90));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"socketActivated\":true")
			.contains("\"activation\":\"LISTEN_FDS=1\"")
			.contains("systemd socket 'unknown' (fd 3) on 127.0.0.1:" + this.port);
		assertThat(response.body()).contains("\"client\":\"127.0.0.1:");
		HttpResponse<String> health = Http.get("http://127.0.0.1:" + this.port + "/actuator/health",
				Duration.ofSeconds(10));
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"socketActivation\":{\"details\":{\"activated\":true");
		HttpResponse<String> accepted = Http.get(
				"http://127.0.0.1:" + this.port + "/actuator/metrics/socket.activation.connections.accepted",
				Duration.ofSeconds(10));
		assertThat(accepted.body()).contains("\"name\":\"socket.activation.connections.accepted\"");
		this.app.terminate();
		assertThat(this.app.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
		assertThat(this.app.output()).doesNotContain("WARNING: A restricted method");
	}

}
