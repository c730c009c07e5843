package io.socketactivation.jetty;

import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.AbstractConnector;

/**
 * How an adopted connector stops without losing a client. With the socket shared with the
 * service manager, a connection still queued in the socket goes to the next instance, but
 * one this instance accepted is served by nobody else. So: stop accepting first, then let
 * the connections already accepted be served (their idle timeout is cut to the shutdown
 * idle timeout by the graceful shutdown) before the connector closes them.
 *
 * @author socket-activation contributors
 */
final class AcceptedConnectionsDrain {

	private static final long MARGIN_MILLIS = 1000;

	private AcceptedConnectionsDrain() {
	}

	/**
	 * Stop accepting and wait, bounded by the shutdown idle timeout plus a second, until
	 * the connections already accepted are closed.
	 * @param connector the connector
	 */
	static void stopAcceptingAndDrain(AbstractConnector connector) {
		connector.setAccepting(false);
		long deadline = System.nanoTime()
				+ TimeUnit.MILLISECONDS.toNanos(Math.max(0, connector.getShutdownIdleTimeout()) + MARGIN_MILLIS);
		while (!connector.getConnectedEndPoints().isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
