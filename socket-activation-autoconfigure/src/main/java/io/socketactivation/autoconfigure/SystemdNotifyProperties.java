package io.socketactivation.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for systemd notifications ({@code sd_notify}).
 *
 * @author socket-activation contributors
 */
@ConfigurationProperties("socket-activation.notify")
public class SystemdNotifyProperties {

	/**
	 * Whether to notify systemd (READY=1, STATUS=, STOPPING=1, WATCHDOG=1) when
	 * NOTIFY_SOCKET is set.
	 */
	private boolean enabled = true;

	/**
	 * How long start-up may take when longer than the unit's TimeoutStartSec, sent once
	 * as EXTEND_TIMEOUT_USEC as start-up begins. Unset for TimeoutStartSec alone.
	 */
	private @Nullable Duration extendTimeout;

	private final Watchdog watchdog = new Watchdog();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable Duration getExtendTimeout() {
		return this.extendTimeout;
	}

	public void setExtendTimeout(@Nullable Duration extendTimeout) {
		if (extendTimeout != null && (extendTimeout.isNegative() || extendTimeout.isZero())) {
			throw new IllegalArgumentException(
					"socket-activation.notify.extend-timeout must be positive, not " + extendTimeout);
		}
		this.extendTimeout = extendTimeout;
	}

	public Watchdog getWatchdog() {
		return this.watchdog;
	}

	/**
	 * Watchdog properties.
	 */
	public static class Watchdog {

		/**
		 * Health group that must be UP for WATCHDOG=1 to be sent, for example 'liveness'.
		 * Unset for the application's overall health.
		 */
		private @Nullable String healthGroup;

		public @Nullable String getHealthGroup() {
			return this.healthGroup;
		}

		public void setHealthGroup(@Nullable String healthGroup) {
			this.healthGroup = healthGroup;
		}

	}

}
