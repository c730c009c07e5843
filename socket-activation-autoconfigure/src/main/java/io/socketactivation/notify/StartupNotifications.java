package io.socketactivation.notify;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The notifications of the start-up phase, sent before any bean exists:
 * {@code STATUS=Starting}, then, when configured, {@code EXTEND_TIMEOUT_USEC=} every half
 * of the extension until the application is ready or has failed, so that a long start-up
 * is not killed by {@code TimeoutStartSec=}.
 *
 * @author socket-activation contributors
 */
public class StartupNotifications {

	private final SystemdNotifier notifier;

	private final @Nullable Duration extendTimeout;

	private @Nullable ScheduledExecutorService extending;

	private boolean finished;

	/**
	 * Create an instance.
	 * @param notifier sends the notifications
	 * @param extendTimeout by how much to extend the start-up timeout each time, or
	 * {@code null} for no extension
	 */
	public StartupNotifications(SystemdNotifier notifier, @Nullable Duration extendTimeout) {
		this.notifier = notifier;
		this.extendTimeout = extendTimeout;
	}

	/**
	 * Say that the application is starting and begin extending the timeout.
	 */
	public synchronized void starting() {
		this.notifier.notify("STATUS=Starting");
		Duration extension = this.extendTimeout;
		if (extension != null && !this.finished) {
			long micros = TimeUnit.NANOSECONDS.toMicros(extension.toNanos());
			ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "systemd-notify-extend-timeout");
				thread.setDaemon(true);
				return thread;
			});
			scheduler.scheduleWithFixedDelay(() -> extend(micros), 0, Math.max(1, extension.toNanos() / 2),
					TimeUnit.NANOSECONDS);
			this.extending = scheduler;
		}
	}

	private synchronized void extend(long micros) {
		if (!this.finished) {
			this.notifier.notify("EXTEND_TIMEOUT_USEC=" + micros);
		}
	}

	/**
	 * Stop extending the timeout: the application is ready, or failed to start. No
	 * extension is sent once this method returns.
	 */
	public synchronized void finished() {
		this.finished = true;
		ScheduledExecutorService extending = this.extending;
		if (extending != null) {
			extending.shutdownNow();
			this.extending = null;
		}
	}

}
