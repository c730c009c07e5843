package io.socketactivation.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

@EnabledOnOs(OS.LINUX)
class NativeProcessTests {

	@Test
	void pidfdIdIsTheInodeAnotherProcessSeesForOurPid() throws Exception {
		OptionalLong own = NativeProcess.pidfdId();
		String seen = inodeSeenByPython(ProcessHandle.current().pid());
		assumeThat(seen).as("pidfs (Linux 6.9+) with python3").isNotEmpty();
		assertThat(own).hasValue(Long.parseLong(seen));
	}

	@Test
	void unsetenvRemovesFromTheEnvironmentChildrenInherit() throws Exception {
		// the JDK's copy of the environment is fixed, so ask the C library through a
		// child that inherits the C environment (no ProcessBuilder environment map is
		// touched); the build sets the variable for this test JVM
		assertThat(childSees("SOCKET_ACTIVATION_TEST_UNSET")).isEqualTo("present");
		NativeProcess.unsetenv("SOCKET_ACTIVATION_TEST_UNSET");
		assertThat(childSees("SOCKET_ACTIVATION_TEST_UNSET")).isEmpty();
	}

	private static String childSees(String variable) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of("sh", "-c", "printf %s \"$" + variable + "\"")).start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static String inodeSeenByPython(long pid) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of("python3", "-c",
				"import os\n" + "ours = os.fstat(os.pidfd_open(" + pid + ")).st_ino\n"
						+ "own = os.fstat(os.pidfd_open(os.getpid())).st_ino\n"
						+ "print(ours if ours != own else '')  # equal inodes: no pidfs"))
			.start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
	}

}
