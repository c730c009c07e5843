package io.socketactivation.notify;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} as sd_watchdog_enabled(3) does and
 * returns how often to ping: half the watchdog timeout, and only when
 * {@code WATCHDOG_PID} is unset or this process.
 *
 * @author socket-activation contributors
 */
public final class WatchdogInterval {

	private static final Log logger = LogFactory.getLog(WatchdogInterval.class);

	private WatchdogInterval() {
	}

	/**
	 * Return how often to send {@code WATCHDOG=1}.
	 * @param watchdogUsec the value of {@code WATCHDOG_USEC}, or {@code null}
	 * @param watchdogPid the value of {@code WATCHDOG_PID}, or {@code null}
	 * @param pid this process's id
	 * @return half of {@code WATCHDOG_USEC}, or empty when the watchdog is not enabled
	 * for this process
	 */
	public static Optional<Duration> of(@Nullable String watchdogUsec, @Nullable String watchdogPid, long pid) {
		if (watchdogUsec == null) {
			return Optional.empty();
		}
		long usec = parse("WATCHDOG_USEC", watchdogUsec);
		if (usec <= 0 || usec > Long.MAX_VALUE / 1000) {
			return Optional.empty();
		}
		if (watchdogPid != null) {
			long expected = parse("WATCHDOG_PID", watchdogPid);
			if (expected != pid) {
				logger.info("Not pinging the systemd watchdog: WATCHDOG_PID=" + watchdogPid + " is not this process ("
						+ pid + ")");
				return Optional.empty();
			}
		}
		return Optional.of(Duration.ofNanos(usec * 1000 / 2));
	}

	private static long parse(String variable, String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			boolean digits = !value.isEmpty() && value.chars().allMatch(Character::isDigit);
			logger.warn("Ignoring the systemd watchdog: " + variable + "='" + value + "' is "
					+ (digits ? "too large (infinite)" : "not a decimal number"));
			return -1;
		}
	}

}
