package io.socketactivation.proxy.child;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the child program with the proxy's stdio, reports its exit, and stops it: SIGTERM,
 * then SIGKILL after the stop timeout.
 *
 * @author socket-activation contributors
 */
public final class ChildSupervisor {

	private static final Logger logger = LoggerFactory.getLogger(ChildSupervisor.class);

	private final Process process;

	private final CompletableFuture<Integer> exit;

	private ChildSupervisor(Process process) {
		this.process = process;
		this.exit = process.onExit().thenApply(Process::exitValue);
	}

	/**
	 * Start the program.
	 * @param program the program
	 * @return the supervisor of the running child
	 * @throws ChildStartException if the program cannot be started
	 */
	public static ChildSupervisor start(ChildProgram program) {
		ProcessBuilder builder = new ProcessBuilder(program.command()).inheritIO();
		builder.environment().clear();
		builder.environment().putAll(program.environment());
		try {
			Process process = builder.start();
			logger.info("Started child pid {}: {}", process.pid(), String.join(" ", program.command()));
			return new ChildSupervisor(process);
		}
		catch (IOException ex) {
			throw new ChildStartException(program.command().get(0), ex);
		}
	}

	/**
	 * Return the child's pid.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Whether the child is running.
	 * @return {@code true} while it runs
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Return the child's exit status, once it exits: its exit code, or 128 + the signal
	 * that ended it.
	 * @return the future exit status
	 */
	public CompletableFuture<Integer> exit() {
		return this.exit;
	}

	/**
	 * Stop the child: SIGTERM, then SIGKILL if it is still running after the timeout.
	 * Waits for it to end.
	 * @param timeout how long it has to exit after SIGTERM
	 * @return the exit status
	 */
	public int stop(Duration timeout) {
		if (this.process.isAlive()) {
			logger.info("Stopping child pid {} (SIGTERM)", pid());
			this.process.destroy();
			if (!waitFor(timeout)) {
				logger.warn("Child pid {} still running {} after SIGTERM: sending SIGKILL", pid(), timeout);
				this.process.destroyForcibly();
				waitFor(Duration.ofSeconds(10));
			}
		}
		return this.process.isAlive() ? -1 : this.process.exitValue();
	}

	private boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
