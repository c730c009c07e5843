package io.socketactivation.proxy.cli;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CommandLineTests {

	@Test
	void programAndItsArgumentsAreKeptWhole() {
		CommandLine line = CommandLine.parse("--debug", "/usr/bin/server", "--debug", "-x");
		assertThat(line.program()).containsExactly("/usr/bin/server", "--debug", "-x");
		assertThat(line.debug()).isTrue();
		assertThat(line.hasProgram()).isTrue();
	}

	@Test
	void dashMeansNoProgram() {
		CommandLine line = CommandLine.parse("-");
		assertThat(line.hasProgram()).isFalse();
	}

	@Test
	void propertiesAndLoginShellBeforeTheProgram() {
		CommandLine line = CommandLine.parse("--login-shell", "--proxy.connections.max=3", "--", "--program");
		assertThat(line.loginShell()).isTrue();
		assertThat(line.properties()).isEqualTo(Map.of("proxy.connections.max", "3"));
		assertThat(line.program()).isEqualTo(List.of("--program"));
	}

	@Test
	void versionNeedsNoProgram() {
		assertThat(CommandLine.parse("--version").version()).isTrue();
	}

	@Test
	void missingProgramIsAUsageError() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--debug"))
			.withMessage("no program given (use '-' to run none)");
	}

	@Test
	void dashTakesNoArguments() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("-", "extra"))
			.withMessage("'-' runs no program, so it takes no arguments");
	}

	@Test
	void unknownOptionIsAUsageError() {
		assertThatExceptionOfType(UsageException.class).isThrownBy(() -> CommandLine.parse("--nope", "-"))
			.withMessage("unknown option '--nope'");
	}

}
