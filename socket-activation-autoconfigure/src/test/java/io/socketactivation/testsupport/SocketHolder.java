package io.socketactivation.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fd launcher holding the listening sockets ({@link Commands#fdLauncher} with
 * {@code --hold}): it keeps them across instances of the program, as a systemd socket
 * unit does across restarts, and starts an instance on request.
 *
 * @author socket-activation contributors
 */
public final class SocketHolder {

	/** The line the launcher writes for each instance it starts. */
	private static final Pattern STARTED = Pattern.compile("(?m)^started (\\d+)$");

	private final ChildProcess launcher;

	/**
	 * Drive a launcher started with {@code --hold}.
	 * @param launcher the launcher's process
	 */
	public SocketHolder(ChildProcess launcher) {
		this.launcher = launcher;
	}

	/**
	 * Start an instance and return its pid once the launcher reports it.
	 * @param timeout how long to wait at most
	 * @return the pid of the new instance
	 * @throws IOException if the launcher cannot be told
	 */
	public long startInstance(Duration timeout) throws IOException {
		int before = started(this.launcher.output());
		this.launcher.send("start");
		String output = this.launcher.awaitOutput((text) -> started(text) > before, "another instance", timeout);
		Matcher matcher = STARTED.matcher(output);
		String pid = null;
		while (matcher.find()) {
			pid = matcher.group(1);
		}
		return Long.parseLong(pid);
	}

	/**
	 * Send SIGTERM to an instance, as a service manager does on a restart, and wait until
	 * it has exited.
	 * @param pid the instance
	 * @param timeout how long to wait at most
	 */
	public void stopInstance(long pid, Duration timeout) {
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
		awaitExit(pid, timeout);
	}

	/**
	 * Wait until the launcher reports that an instance has exited.
	 * @param pid the instance
	 * @param timeout how long to wait at most
	 */
	public void awaitExit(long pid, Duration timeout) {
		this.launcher.awaitMatch("(?m)^exited " + pid + " (-?\\d+)$", timeout);
	}

	/**
	 * Return what the launcher and its instances wrote so far.
	 * @return the output
	 */
	public String output() {
		return this.launcher.output();
	}

	/**
	 * Wait until the launcher or an instance has written a text.
	 * @param text the text
	 * @param timeout how long to wait at most
	 */
	public void awaitOutput(String text, Duration timeout) {
		this.launcher.awaitOutput(text, timeout);
	}

	private static int started(String output) {
		return (int) STARTED.matcher(output).results().count();
	}

}
