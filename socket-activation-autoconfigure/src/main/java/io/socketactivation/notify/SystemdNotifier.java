package io.socketactivation.notify;

/**
 * Sends notifications to the service manager, one datagram each: newline-separated
 * {@code KEY=VALUE} assignments such as {@code READY=1} (see sd_notify(3)).
 *
 * @author socket-activation contributors
 */
@FunctionalInterface
public interface SystemdNotifier {

	/**
	 * Send one notification. Failures are logged, never thrown: the application keeps
	 * running whether or not the service manager listens.
	 * @param assignments the assignments, sent as one datagram
	 */
	void notify(String... assignments);

}
