package io.socketactivation.testsupport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process started by a test: output captured to a file, waited on with bounded
 * timeouts, and always stopped by pid (with its descendants) in {@link #close()}, so no
 * test run can hang or leak processes. The descendants are those running at the close and
 * every one seen while the test waited on the process: a descendant left behind by a
 * process that exited (a proxy's child it failed to stop) is no longer one at the close.
 *
 * @author socket-activation contributors
 */
public final class ChildProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private final Process process;

	private final Path output;

	private final BufferedWriter stdin;

	private final Set<ProcessHandle> descendantsSeen = ConcurrentHashMap.newKeySet();

	private ChildProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
		this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Start a process with stdout and stderr going to one file.
	 * @param command the command
	 * @param environment variables to add (a {@code null} value removes one)
	 * @return the started process
	 * @throws IOException if it cannot be started
	 */
	public static ChildProcess start(List<String> command, Map<String, String> environment) throws IOException {
		Path output = Files.createTempFile("child-", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		environment.forEach((name, value) -> {
			if (value == null) {
				builder.environment().remove(name);
			}
			else {
				builder.environment().put(name, value);
			}
		});
		return new ChildProcess(builder.start(), output);
	}

	/**
	 * Return the pid.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Return everything the process printed so far.
	 * @return the output
	 */
	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Write a line to the process's standard input.
	 * @param line the line
	 * @throws IOException on failure
	 */
	public void send(String line) throws IOException {
		this.stdin.write(line);
		this.stdin.newLine();
		this.stdin.flush();
	}

	/**
	 * Wait until the output contains the text.
	 * @param text the text
	 * @param timeout how long to wait at most
	 * @return the output at that point
	 */
	public String awaitOutput(String text, Duration timeout) {
		return awaitOutput((out) -> out.contains(text), "'" + text + "'", timeout);
	}

	/**
	 * Wait until the output matches the regular expression and return the first group.
	 * @param regex the expression, with one group
	 * @param timeout how long to wait at most
	 * @return the first group of the last match
	 */
	public String awaitMatch(String regex, Duration timeout) {
		Pattern pattern = Pattern.compile(regex);
		String out = awaitOutput((text) -> pattern.matcher(text).find(), "/" + regex + "/", timeout);
		Matcher matcher = pattern.matcher(out);
		String last = null;
		while (matcher.find()) {
			last = matcher.group(1);
		}
		return last;
	}

	/**
	 * Wait until the output satisfies a condition.
	 * @param condition the condition
	 * @param what what is awaited, for the failure message
	 * @param timeout how long to wait at most
	 * @return the output at that point
	 */
	public String awaitOutput(Predicate<String> condition, String what, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			String out = output();
			if (condition.test(out)) {
				rememberDescendants();
				return out;
			}
			if (!this.process.isAlive()) {
				String last = output();
				if (condition.test(last)) {
					return last;
				}
				throw new AssertionError("Process " + pid() + " exited with " + this.process.exitValue()
						+ " before printing " + what + ":\n" + last);
			}
			pause();
		}
		throw new AssertionError("No " + what + " within " + timeout + " in output of " + pid() + ":\n" + output());
	}

	/**
	 * Wait for the process to exit.
	 * @param timeout how long to wait at most
	 * @return the exit status
	 * @throws InterruptedException if interrupted
	 */
	public int awaitExit(Duration timeout) throws InterruptedException {
		rememberDescendants();
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("Process " + pid() + " still running after " + timeout + ":\n" + output());
		}
		return this.process.exitValue();
	}

	/**
	 * Whether the process is still running.
	 * @return {@code true} if alive
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Send SIGTERM, as a service manager does to stop a service.
	 */
	public void terminate() {
		rememberDescendants();
		this.process.destroy();
	}

	/**
	 * Stop the process and its descendants: SIGTERM, then SIGKILL after a timeout.
	 */
	@Override
	public void close() {
		rememberDescendants();
		List<ProcessHandle> all = new ArrayList<>(this.descendantsSeen);
		all.add(this.process.toHandle());
		all.forEach(ProcessHandle::destroy);
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		for (ProcessHandle handle : all) {
			long left = Math.max(0, deadline - System.nanoTime());
			try {
				handle.onExit().get(left, TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				handle.destroyForcibly();
			}
		}
		try {
			this.stdin.close();
			Files.deleteIfExists(this.output);
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	/**
	 * Remember the process's descendants now, to stop them at the close even if they
	 * outlive it. A {@link ProcessHandle} knows its process's start time, so one whose
	 * pid was reused is never signalled.
	 */
	private void rememberDescendants() {
		this.process.descendants().forEach(this.descendantsSeen::add);
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

}
