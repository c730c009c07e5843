package io.socketactivation.proxy.child;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.socketactivation.systemd.SystemdListenFds;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProgramTests {

	@Test
	void environmentLosesListenVariablesAndGainsTheSocketPath() {
		ChildProgram program = ChildProgram.of(List.of("server", "-v"), null,
				Map.of("PATH", "/bin", "LISTEN_PID", "1", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "x"),
				SystemdListenFds.VARIABLES, Map.of("LAUNCH_PROGRAM_SOCKET_PATH", "/tmp/p/backend.sock"));
		assertThat(program.command()).containsExactly("server", "-v");
		assertThat(program.environment())
			.isEqualTo(Map.of("PATH", "/bin", "LAUNCH_PROGRAM_SOCKET_PATH", "/tmp/p/backend.sock"));
	}

	@Test
	void loginShellExecsTheProgramThroughTheShellGiven() {
		ChildProgram program = ChildProgram.of(List.of("server", "a b"), "/bin/zsh", Map.of("SHELL", "/bin/sh"),
				List.of(), Map.of());
		assertThat(program.command()).containsExactly("/bin/zsh", "-l", "-c", "exec \"$0\" \"$@\"", "server", "a b");
	}

}
