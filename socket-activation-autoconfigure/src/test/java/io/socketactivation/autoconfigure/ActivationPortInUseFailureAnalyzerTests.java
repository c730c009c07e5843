package io.socketactivation.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;

class ActivationPortInUseFailureAnalyzerTests {

	private static final long PID = 4242;

	private final PortInUseException failure = new PortInUseException(8080);

	@Test
	void listenPidOfAnotherProcessPointsAtTheWrapperScript() {
		FailureAnalysis analysis = analyze(Map.of("LISTEN_PID", "4241", "LISTEN_FDS", "1"));
		assertThat(analysis.getDescription()).startsWith("Port 8080 is already in use: the service manager listens on")
			.contains("LISTEN_PID=4241 names another process (this one is 4242)");
		assertThat(analysis.getAction()).contains("exec java ...");
		assertThat(analysis.getCause()).isSameAs(this.failure);
	}

	@Test
	void socketsHandedToThisProcessButNotServedAreNamed() {
		FailureAnalysis analysis = analyze(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2"));
		assertThat(analysis.getDescription()).isEqualTo("Port 8080 is already in use although the service manager "
				+ "handed this process sockets (LISTEN_FDS=2): they were not served, so the web server tried to bind "
				+ "the port itself.");
		assertThat(analysis.getAction()).contains("socket-activation.enabled=false").contains(".socket unit");
	}

	@Test
	void withoutActivationVariablesBootsOwnAnalysisApplies() {
		assertThat(analyze(Map.of())).isNull();
		assertThat(analyze(Map.of("LISTEN_PID", "4242"))).isNull();
	}

	@Test
	void comesBeforeBootsPortInUseAnalyzer() {
		assertThat(new ActivationPortInUseFailureAnalyzer().getOrder()).isEqualTo(Integer.MIN_VALUE);
	}

	private FailureAnalysis analyze(Map<String, String> environment) {
		return new ActivationPortInUseFailureAnalyzer(environment::get, PID)
			.analyze(new IllegalStateException("wrapped", this.failure));
	}

}
