package io.socketactivation.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code systemd-analyze}, which works without systemd running as PID 1. Tests that
 * use it are skipped, with the reason, where it is not installed.
 *
 * @param executable the {@code systemd-analyze} executable
 */
record SystemdAnalyze(Path executable) {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	/**
	 * Return {@code systemd-analyze} from {@code PATH}, or skip the test saying what to
	 * install.
	 * @return the tool
	 */
	static SystemdAnalyze assumeInstalled() {
		@Nullable Path executable = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "systemd-analyze"))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		Assumptions.assumeTrue(executable != null,
				"systemd-analyze is not installed (Linux with systemd: apt-get install systemd), "
						+ "so the units are not verified by systemd");
		return new SystemdAnalyze(executable);
	}

	/**
	 * Run {@code systemd-analyze} with the given arguments, its output and errors in one
	 * file, within a bounded time.
	 * @param workDirectory where to run it and keep its output
	 * @param arguments the arguments
	 * @return what it said and how it exited
	 * @throws IOException if it cannot be run
	 * @throws InterruptedException if interrupted while waiting
	 */
	Outcome run(Path workDirectory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		command.addAll(Arrays.asList(arguments));
		Path output = Files.createTempFile(workDirectory, "systemd-analyze", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().put("SYSTEMD_COLORS", "0");
		builder.environment().put("SYSTEMD_PAGER", "");
		Process process = builder.start();
		if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new IllegalStateException(command + " did not finish within " + TIMEOUT);
		}
		return new Outcome(command, process.exitValue(), Files.readAllLines(output));
	}

	/**
	 * What {@code systemd-analyze} said.
	 *
	 * @param command the command run
	 * @param exitCode its exit code
	 * @param lines its output and errors
	 */
	record Outcome(List<String> command, int exitCode, List<String> lines) {

		/**
		 * Return the lines about the given units: each names its unit, by file path
		 * ({@code /dir/x.service:12: Unknown key ...}) or by name
		 * ({@code x.service: Command ... is not executable}).
		 * @param unitNames the names of the units
		 * @return the lines that name one of them
		 */
		List<String> linesAbout(Collection<String> unitNames) {
			return this.lines.stream().filter((line) -> unitNames.stream().anyMatch(line::contains)).toList();
		}

		/**
		 * Describe the run for an assertion message.
		 * @param copy the directory holding the copies of the units
		 * @param original the directory they were copied from
		 * @return the command, exit code and output, naming the original files
		 */
		String describe(Path copy, Path original) {
			String output = String.join("\n", this.lines)
				.replace(copy.toString(), original.toAbsolutePath().normalize().toString());
			return String.join(" ", this.command) + " exited " + this.exitCode + ":\n" + output;
		}

	}

}
