package io.socketactivation.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short command a test runs to its end (a {@code getent}, a {@code mkfifo}): its
 * standard output read from a file once it exited, the wait bounded, and the process
 * killed when the bound passes, so that no test can hang on one.
 *
 * @param exitStatus the command's exit status
 * @param output what it wrote to its standard output
 * @author socket-activation contributors
 */
public record CompletedCommand(int exitStatus, String output) {

	/** Generous for a short command on a loaded 2-core machine. */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Run a command to its end; its standard error goes to the test's.
	 * @param command the command
	 * @return how it ended
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted
	 * @throws AssertionError if it is still running after 30 s (it is killed)
	 */
	public static CompletedCommand run(String... command) throws IOException, InterruptedException {
		return run(List.of(command));
	}

	/**
	 * Run a command to its end; its standard error goes to the test's.
	 * @param command the command
	 * @return how it ended
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted
	 * @throws AssertionError if it is still running after 30 s (it is killed)
	 */
	public static CompletedCommand run(List<String> command) throws IOException, InterruptedException {
		Path output = Files.createTempFile("command-", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			try {
				if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new AssertionError(command + " still running after " + TIMEOUT);
				}
			}
			finally {
				process.destroyForcibly();
			}
			return new CompletedCommand(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

}
