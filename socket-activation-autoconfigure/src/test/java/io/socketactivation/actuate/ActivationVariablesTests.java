package io.socketactivation.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ActivationVariablesTests {

	@Test
	void onlyProtocolVariablesThatAreSetInProtocolOrder() {
		Map<String, String> environment = Map.of("WATCHDOG_USEC", "30000000", "LISTEN_FDS", "2", "LISTEN_PID", "42",
				"HOME", "/root");
		assertThat(ActivationVariables.of(environment::get)).containsExactly(entry("LISTEN_PID", "42"),
				entry("LISTEN_FDS", "2"), entry("WATCHDOG_USEC", "30000000"));
	}

	@Test
	void processVariablesAreThoseSetAndLeaveOutWhatIsUnset() {
		// the build sets LAUNCH_PROGRAM_TCP_ADDRESS for this test JVM
		assertThat(ActivationVariables.ofProcess()).containsEntry("LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:9")
			.doesNotContainKey("HOME")
			.allSatisfy((name, value) -> assertThat(System.getenv(name)).isEqualTo(value));
	}

}
