package io.socketactivation.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ProxyConnectionFactory;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's {@link ProxyConnectionFactory} with the header required, in time, and its
 * refusals counted:
 * <ul>
 * <li>Jetty's own serves a connection that starts with neither a version 1 nor a version
 * 2 header as if it had none, which would let the proxy's own address pass for the
 * client's. This one closes it.</li>
 * <li>A connection whose header is not complete within the header timeout is closed
 * (Jetty waits for as long as the connector's idle timeout, renewed by every byte).</li>
 * <li>Every connection closed before its header was read (missing, invalid, late, or the
 * client gone) is counted.</li>
 * </ul>
 *
 * @author socket-activation contributors
 */
final class RequiredProxyConnectionFactory extends ProxyConnectionFactory {

	private static final Log logger = LogFactory.getLog(RequiredProxyConnectionFactory.class);

	private final Duration headerTimeout;

	private final AtomicLong refusedConnections = new AtomicLong();

	private final Map<EndPoint, HeaderDeadline> deadlines = new ConcurrentHashMap<>();

	/**
	 * Create a factory that hands connections to the given protocol after the header.
	 * @param nextProtocol the protocol after the header ({@code http/1.1}, {@code ssl},
	 * ...)
	 * @param headerTimeout how long a connection may take to send its complete header
	 */
	RequiredProxyConnectionFactory(String nextProtocol, Duration headerTimeout) {
		super(nextProtocol);
		this.headerTimeout = headerTimeout;
		// the connection that tells a version 1 header from a version 2 one...
		addEventListener(new HeaderPhaseListener(false));
		// ...then the one that reads it and, once read, hands over to the next protocol
		HeaderPhaseListener reading = new HeaderPhaseListener(true);
		for (ConnectionFactory.Detecting version : getBeans(ConnectionFactory.Detecting.class)) {
			((ContainerLifeCycle) version).addEventListener(reading);
		}
	}

	@Override
	public Connection newConnection(Connector connector, EndPoint endPoint) {
		Connection connection = super.newConnection(connector, endPoint);
		HeaderDeadline deadline = new HeaderDeadline(endPoint);
		this.deadlines.put(endPoint, deadline);
		deadline.schedule(connector.getScheduler(), this.headerTimeout);
		return connection;
	}

	private void headerPhaseEnded(EndPoint endPoint) {
		HeaderDeadline deadline = this.deadlines.remove(endPoint);
		if (deadline != null) {
			deadline.cancel();
		}
	}

	@Override
	protected void nextProtocol(Connector connector, EndPoint endPoint, ByteBuffer buffer) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closed a connection to " + connector
					+ " without a valid PROXY protocol header: it starts with neither a version 1 nor a version 2 "
					+ "header");
		}
		endPoint.close(new IOException("No PROXY protocol header"));
	}

	/**
	 * Return how many connections this factory closed, or saw closed, before their header
	 * was read.
	 * @return the number of refused connections
	 */
	long getRefusedConnections() {
		return this.refusedConnections.get();
	}

	/**
	 * Closes a connection whose header phase has not ended in time.
	 */
	private final class HeaderDeadline implements Runnable {

		private final EndPoint endPoint;

		private volatile boolean ended;

		private volatile Scheduler.@Nullable Task task;

		HeaderDeadline(EndPoint endPoint) {
			this.endPoint = endPoint;
		}

		void schedule(Scheduler scheduler, Duration timeout) {
			this.task = scheduler.schedule(this, timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (this.ended) {
				cancel();
			}
		}

		void cancel() {
			this.ended = true;
			Scheduler.Task task = this.task;
			if (task != null) {
				task.cancel();
			}
		}

		@Override
		public void run() {
			if (!this.ended && this.endPoint.isOpen()) {
				String reason = "No complete PROXY protocol header within "
						+ RequiredProxyConnectionFactory.this.headerTimeout.toMillis() + " ms";
				if (logger.isDebugEnabled()) {
					logger.debug("Closing " + this.endPoint + ": " + reason);
				}
				this.endPoint.close(new TimeoutException(reason));
			}
		}

	}

	/**
	 * Told when a connection of the header phase closes: with its end point closed too,
	 * the connection was refused; with it open, it was upgraded, which after the
	 * connection that reads the header means the header was read.
	 */
	private final class HeaderPhaseListener implements Connection.Listener {

		private final boolean readsHeader;

		HeaderPhaseListener(boolean readsHeader) {
			this.readsHeader = readsHeader;
		}

		@Override
		public void onClosed(Connection connection) {
			EndPoint endPoint = connection.getEndPoint();
			if (!endPoint.isOpen()) {
				headerPhaseEnded(endPoint);
				RequiredProxyConnectionFactory.this.refusedConnections.incrementAndGet();
			}
			else if (this.readsHeader) {
				headerPhaseEnded(endPoint);
			}
		}

		@Override
		public String toString() {
			return "PROXY protocol header " + (this.readsHeader ? "reading" : "detection");
		}

	}

}
