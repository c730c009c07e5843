package io.socketactivation.proxy.actuate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seam through which proxy-app tells the service manager about its state
 * ({@code READY=1}, {@code STOPPING=1}, {@code STATUS=}). The starter's notify package
 * (issue 5: sd_notify over the {@code NOTIFY_SOCKET} datagram socket, with the watchdog)
 * plugs in here; until then {@link #logging()} records each notification in the log and
 * sends nothing, and units use {@code Type=simple}/{@code exec}.
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
				logger.debug("Ready: {} (no notifier: NOTIFY_SOCKET is not used yet)", status);
			}

			@Override
			public void stopping() {
				logger.debug("Stopping (no notifier: NOTIFY_SOCKET is not used yet)");
			}

		};
	}

}
