package io.socketactivation.nativeio;

import java.io.IOException;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.socketactivation.testsupport.CompletedCommand;

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
		CompletedCommand printf = CompletedCommand.run("sh", "-c", "printf %s \"$" + variable + "\"");
		assertThat(printf.exitStatus()).isZero();
		return printf.output();
	}

	private static String inodeSeenByPython(long pid) throws IOException, InterruptedException {
		CompletedCommand python = CompletedCommand.run("python3", "-c",
				"import os\n" + "ours = os.fstat(os.pidfd_open(" + pid + ")).st_ino\n"
						+ "own = os.fstat(os.pidfd_open(os.getpid())).st_ino\n"
						+ "print(ours if ours != own else '')  # equal inodes: no pidfs");
		assertThat(python.exitStatus()).isZero();
		return python.output().trim();
	}

}
