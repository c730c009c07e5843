package io.socketactivation.proxy.forward;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.proxy.config.ProxyProperties.Connections;
import io.socketactivation.proxy.config.ProxyProperties.Overflow;

/**
 * Admits accepted connections up to the limit, exactly: every decision is taken under
 * this object's lock (the event loops that accept and close connections take it in turn,
 * briefly), so the count of open connections never exceeds the maximum. Past it a
 * connection is refused, or queued up to the queue size. When nothing is open or queued
 * for the exit idle time, the idle action runs, until the proxy stops. The starter, the
 * refusal and the idle action run outside the lock.
 *
 * @author socket-activation contributors
 */
final class Admission {

	private static final Logger logger = LoggerFactory.getLogger(Admission.class);

	/** Runs the exit idle timer. */
	private final EventLoop loop;

	private final Connections limits;

	private final ForwardingStats stats;

	private final Starter starter;

	private final @Nullable Duration exitIdleTime;

	private final Runnable onIdle;

	private final ArrayDeque<Waiting> queue = new ArrayDeque<>();

	private int open;

	private boolean stopped;

	private boolean atLimit;

	/** Connections refused since the limit was reached. */
	private long refusedAtLimit;

	private @Nullable ScheduledFuture<?> idleTimer;

	Admission(EventLoop loop, Connections limits, ForwardingStats stats, Starter starter,
			@Nullable Duration exitIdleTime, Runnable onIdle) {
		this.loop = loop;
		this.limits = limits;
		this.stats = stats;
		this.starter = starter;
		this.exitIdleTime = exitIdleTime;
		this.onIdle = onIdle;
	}

	/**
	 * Start the idle timer; call once, when the listeners accept.
	 */
	synchronized void start() {
		scheduleIdleExit();
	}

	/**
	 * Admit, queue or refuse a connection just accepted. Safe from any thread.
	 * @param client the accepted connection, not yet registered
	 */
	void offer(Channel client) {
		long acceptedNanos = System.nanoTime();
		int openNow;
		synchronized (this) {
			cancelIdleExit();
			if (this.open < this.limits.getMax()) {
				this.open++;
				openNow = -1;
			}
			else {
				reportLimit(true);
				if (this.limits.getOverflow() == Overflow.QUEUE && this.queue.size() < this.limits.getQueueSize()) {
					this.queue.add(new Waiting(client, acceptedNanos));
					this.stats.onQueued(this.queue.size());
					logger.debug("Queued connection from {} ({} waiting)", client.remoteAddress(), this.queue.size());
					return;
				}
				openNow = this.open;
				this.refusedAtLimit++;
			}
		}
		if (openNow < 0) {
			start(client, acceptedNanos, acceptedNanos);
			return;
		}
		this.stats.onRefused();
		logger.debug("Refused connection from {}: {} connections open", client.remoteAddress(), openNow);
		client.unsafe().closeForcibly();
	}

	/**
	 * Free the slot of a closed connection, admitting the next queued one. Safe from any
	 * thread.
	 */
	void release() {
		Waiting next;
		synchronized (this) {
			this.open--;
			next = this.queue.poll();
			if (next != null) {
				this.open++;
				this.stats.onQueued(this.queue.size());
			}
			else {
				if (this.atLimit && this.open <= resumeLevel(this.limits.getMax())) {
					reportLimit(false);
				}
				if (this.open == 0) {
					scheduleIdleExit();
				}
			}
		}
		if (next != null) {
			start(next.client(), next.acceptedNanos(), System.nanoTime());
		}
	}

	/**
	 * Start an admitted connection; if that fails, close it and free its slot, so that
	 * the limit and the count of open connections stay exact.
	 */
	private void start(Channel client, long acceptedNanos, long admittedNanos) {
		try {
			this.starter.start(client, acceptedNanos, admittedNanos);
		}
		catch (RuntimeException ex) {
			client.unsafe().closeForcibly();
			release();
			throw ex;
		}
	}

	/**
	 * Return how many connections hold a slot or wait for one; exact, as every change is
	 * made under the lock (a slot is held from admission until the connection's release).
	 * Safe from any thread.
	 * @return the count
	 */
	synchronized int connections() {
		return this.open + this.queue.size();
	}

	/**
	 * Return how many connections wait for a slot. Safe from any thread.
	 * @return the count
	 */
	synchronized int queued() {
		return this.queue.size();
	}

	/**
	 * Stop: the idle action no longer runs (the proxy is stopping for another reason, or
	 * already for that one). Safe from any thread.
	 */
	synchronized void stop() {
		this.stopped = true;
		cancelIdleExit();
	}

	/**
	 * Close the connections waiting for a slot, counted as refused: at a stop, once no
	 * slot is to be had for them. Safe from any thread.
	 * @return how many were closed
	 */
	int closeQueued() {
		List<Waiting> waiting;
		synchronized (this) {
			waiting = new ArrayList<>(this.queue);
			this.queue.clear();
			this.stats.onQueued(0);
		}
		for (Waiting connection : waiting) {
			this.stats.onRefused();
			connection.client().unsafe().closeForcibly();
		}
		return waiting.size();
	}

	private void reportLimit(boolean reached) {
		if (reached && !this.atLimit) {
			logger.warn("Connection limit reached: {} connections open; {} further connections", this.open,
					(this.limits.getOverflow() == Overflow.QUEUE) ? "queueing up to " + this.limits.getQueueSize()
							: "refusing");
		}
		else if (!reached && this.atLimit) {
			logger.info("Below the connection limit again: {} connections open, {} refused meanwhile", this.open,
					this.refusedAtLimit);
		}
		if (reached != this.atLimit) {
			this.refusedAtLimit = 0;
		}
		this.atLimit = reached;
	}

	/**
	 * Return how few connections must be open for the limit to count as left: a quarter
	 * of it below (at least two, none open for a limit of 1 or 2), so that a proxy held
	 * at its limit, where every close lets one more in, logs the limit once rather than
	 * twice per connection. A limit of 1 cannot be held that way: every close leaves it.
	 */
	static int resumeLevel(int max) {
		return Math.max(0, max - Math.max(2, (max + 3) / 4));
	}

	private void scheduleIdleExit() {
		Duration idle = this.exitIdleTime;
		if (idle != null && !this.stopped && this.open == 0 && this.queue.isEmpty()) {
			// measured from the moment the last connection closed
			cancelIdleExit();
			this.idleTimer = this.loop.schedule(this::idleExpired, idle.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void idleExpired() {
		synchronized (this) {
			this.idleTimer = null;
			if (this.stopped || this.open != 0 || !this.queue.isEmpty()) {
				return;
			}
		}
		logger.info("No connection for {}: exiting", this.exitIdleTime);
		this.onIdle.run();
	}

	private void cancelIdleExit() {
		ScheduledFuture<?> timer = this.idleTimer;
		if (timer != null) {
			timer.cancel(false);
			this.idleTimer = null;
		}
	}

	/**
	 * Starts an admitted connection.
	 */
	@FunctionalInterface
	interface Starter {

		/**
		 * Start forwarding a connection.
		 * @param client the connection, not registered yet
		 * @param acceptedNanos when it was accepted ({@link System#nanoTime()}), which
		 * its lifetime and duration count from
		 * @param admittedNanos when it was admitted: later than accepted for a connection
		 * that waited for a slot; its connect timeout counts from then
		 */
		void start(Channel client, long acceptedNanos, long admittedNanos);

	}

	/**
	 * A connection waiting for a slot.
	 *
	 * @param client the connection
	 * @param acceptedNanos when it was accepted
	 */
	private record Waiting(Channel client, long acceptedNanos) {

	}

}
