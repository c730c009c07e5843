package io.socketactivation.notify;

/**
 * Decides whether the watchdog is pinged: {@code WATCHDOG=1} is sent only while the
 * application is healthy, so that systemd restarts an application that stays unhealthy
 * for {@code WatchdogSec=}.
 *
 * @author socket-activation contributors
 */
@FunctionalInterface
public interface WatchdogHealth {

	/** Healthy as long as the watchdog thread runs (used without Actuator). */
	WatchdogHealth ALIVE = () -> true;

	/**
	 * Whether the application is healthy now.
	 * @return {@code true} to ping the watchdog
	 */
	boolean isHealthy();

}
