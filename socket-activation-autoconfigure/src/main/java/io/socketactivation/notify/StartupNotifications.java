package io.socketactivation.notify;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The notification of the start-up phase, sent before any bean exists:
 * {@code STATUS=Starting} and, when configured, {@code EXTEND_TIMEOUT_USEC=}, in one
 * datagram. The extension is sent once, so it bounds the start-up: systemd then allows
 * the longer of {@code TimeoutStartSec=} and the extension. A timer that kept extending
 * would also keep a start-up that hangs alive forever.
 *
 * @author socket-activation contributors
 */
public class StartupNotifications {

	private final SystemdNotifier notifier;

	private final @Nullable Duration extendTimeout;

	/**
	 * Create an instance.
	 * @param notifier sends the notification
	 * @param extendTimeout how long start-up may take from now, or {@code null} for
	 * {@code TimeoutStartSec=} alone
	 */
	public StartupNotifications(SystemdNotifier notifier, @Nullable Duration extendTimeout) {
		this.notifier = notifier;
		this.extendTimeout = extendTimeout;
	}

	/**
	 * Say that the application is starting, and how long it may take.
	 */
	public void starting() {
		Duration extension = this.extendTimeout;
		if (extension != null) {
			long micros = TimeUnit.NANOSECONDS.toMicros(extension.toNanos());
			this.notifier.notify("STATUS=Starting", "EXTEND_TIMEOUT_USEC=" + micros);
		}
		else {
			this.notifier.notify("STATUS=Starting");
		}
	}

}
