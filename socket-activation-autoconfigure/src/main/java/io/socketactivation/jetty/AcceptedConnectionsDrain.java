package io.socketactivation.jetty;

import java.nio.channels.SelectableChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.AbstractConnector;

/**
 * How an adopted connector stops without losing a client. With the socket shared with the
 * service manager, a connection still queued in the socket goes to the next instance, but
 * one this instance accepted is served by nobody else. So: stop accepting first, then let
 * the connections already accepted be served (their idle timeout is cut to the shutdown
 * idle timeout by the graceful shutdown) before the connector closes them.
 * <p>
 * Jetty's selector accepts asynchronously: after {@code setAccepting(false)} it may still
 * accept until it has processed the cancellation of its accept key, and an accepted
 * channel becomes an end point (one of the connector's connected end points) only later,
 * on another thread. This drain is the connector's selector manager's accept listener, so
 * it also waits for the accept channel to leave the selector and for every accepted
 * channel to become an end point (or fail) before it waits for the end points to close.
 *
 * @author socket-activation contributors
 */
final class AcceptedConnectionsDrain implements SelectorManager.AcceptListener {

	private static final long MARGIN_MILLIS = 1000;

	private final Set<SelectableChannel> awaitingEndPoint = ConcurrentHashMap.newKeySet();

	@Override
	public void onAccepting(SelectableChannel channel) {
		this.awaitingEndPoint.add(channel);
	}

	@Override
	public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
		this.awaitingEndPoint.remove(channel);
	}

	/**
	 * Record that an accepted channel became an end point. Call it once the end point is
	 * one of the connector's connected end points.
	 * @param endPoint the end point
	 */
	void endPointOpened(EndPoint endPoint) {
		this.awaitingEndPoint.remove(endPoint.getTransport());
	}

	/**
	 * Stop accepting and wait, bounded by the shutdown idle timeout plus a second, until
	 * the selector no longer accepts on the channel and the connections already accepted
	 * are closed.
	 * @param connector the connector
	 * @param acceptChannel the channel it accepts on
	 */
	void stopAcceptingAndDrain(AbstractConnector connector, SelectableChannel acceptChannel) {
		connector.setAccepting(false);
		long deadline = System.nanoTime()
				+ TimeUnit.MILLISECONDS.toNanos(Math.max(0, connector.getShutdownIdleTimeout()) + MARGIN_MILLIS);
		// in this order: once the channel has left the selector nothing is added; an
		// accepted channel is a connected end point before it leaves awaitingEndPoint
		awaitUntil(() -> !acceptChannel.isRegistered() && this.awaitingEndPoint.isEmpty()
				&& connector.getConnectedEndPoints().isEmpty(), deadline);
	}

	private static void awaitUntil(BooleanSupplier condition, long deadline) {
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
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
