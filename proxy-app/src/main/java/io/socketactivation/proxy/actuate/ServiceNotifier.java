package io.socketactivation.proxy.actuate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How proxy-app tells the service manager about its state ({@code READY=1},
 * {@code STOPPING=1}, {@code STATUS=}): {@link SystemdServiceNotifier} (the starter's
 * sd_notify) when {@code NOTIFY_SOCKET} is set, else {@link #logging()}.
 *
 * @author socket-activation contributors
 */
public interface ServiceNotifier {

	/**
	 * The service is ready: it accepts (and, when so configured, the backend accepted a
	 * connection).
	 * @param status a one-line status
	 */
	void ready(String status);

	/**
	 * The service is stopping.
	 */
	void stopping();

	/**
	 * Return a notifier that only logs.
	 * @return the notifier
	 */
	static ServiceNotifier logging() {
		Logger logger = LoggerFactory.getLogger(ServiceNotifier.class);
		return new ServiceNotifier() {

			@Override
			public void ready(String status) {
				logger.debug("Ready: {} (NOTIFY_SOCKET is not set)", status);
			}

			@Override
			public void stopping() {
				logger.debug("Stopping (NOTIFY_SOCKET is not set)");
			}

		};
	}

}
