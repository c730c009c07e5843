package io.socketactivation.proxy.child;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.socketactivation.systemd.SystemdListenFds;

import static org.assertj.core.api.Assertions.assertThat;

class ChildProgramTests {

	@Test
	void environmentLosesListenVariablesAndGainsTheSocketPath() {
		ChildProgram program = ChildProgram.of(List.of("server", "-v"), false,
				Map.of("PATH", "/bin", "LISTEN_PID", "1", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "x"),
				SystemdListenFds.VARIABLES, Map.of("LAUNCH_PROGRAM_SOCKET_PATH", "/tmp/p/backend.sock"));
		assertThat(program.command()).containsExactly("server", "-v");
		assertThat(program.environment())
			.isEqualTo(Map.of("PATH", "/bin", "LAUNCH_PROGRAM_SOCKET_PATH", "/tmp/p/backend.sock"));
	}

	@Test
	void loginShellExecsTheProgramThroughTheUsersShell() {
		ChildProgram program = ChildProgram.of(List.of("server", "a b"), true, Map.of("SHELL", "/bin/zsh"), List.of(),
				Map.of());
		assertThat(program.command()).containsExactly("/bin/zsh", "-l", "-c", "exec \"$0\" \"$@\"", "server", "a b");
	}

	@Test
	void loginShellDefaultsToBinSh() {
		assertThat(ChildProgram.of(List.of("server"), true, Map.of(), List.of(), Map.of()).command())
			.startsWith("/bin/sh", "-l");
	}

}
