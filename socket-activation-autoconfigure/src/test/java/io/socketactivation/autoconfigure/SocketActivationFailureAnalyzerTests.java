package io.socketactivation.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import io.socketactivation.SocketActivationException;

import static org.assertj.core.api.Assertions.assertThat;

class SocketActivationFailureAnalyzerTests {

	@Test
	void descriptionAndActionComeFromTheException() {
		SocketActivationException failure = new SocketActivationException("LISTEN_FDS='x' is malformed.",
				"Fix the unit.");
		FailureAnalysis analysis = new SocketActivationFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", failure));
		assertThat(analysis.getDescription()).isEqualTo("LISTEN_FDS='x' is malformed.");
		assertThat(analysis.getAction()).isEqualTo("Fix the unit.");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

}
