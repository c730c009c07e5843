package io.socketactivation.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Servers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic wrapper-script failure in a real JVM: the service manager holds the port,
 * {@code LISTEN_PID} names another process, so the application is not activated and fails
 * to bind the port; the report says why and what to change.
 *
 * @author socket-activation contributors
 */
class ActivationPortInUseFailureIntegrationTests {

	private ChildProcess app;

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void listenPidOfAWrapperExplainsThePortInUse() throws Exception {
		int port = Commands.freePort();
		this.app = ChildProcess.start(Commands
			.fdLauncher(List.of("--fd", "tcp:127.0.0.1:" + port, "--env", "LISTEN_PID=1"), Commands.java(Servers.TOMCAT,
					TestWebApplication.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1")),
				Map.of());
		assertThat(this.app.awaitExit(Duration.ofSeconds(90))).isNotZero();
		assertThat(this.app.output()).contains("APPLICATION FAILED TO START")
			.contains("Port " + port + " is already in use: the service manager listens on it")
			.contains("LISTEN_PID=1 names another process")
			.contains("'exec java ...'");
	}

}
