package io.socketactivation.proxy.forward;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.proxy.config.ProxyProperties.Connections;
import io.socketactivation.proxy.config.ProxyProperties.Overflow;

/**
 * Admits accepted connections up to the limit, exactly: every decision runs on one event
 * loop (the listeners'), so the count of open connections never exceeds the maximum. Past
 * it a connection is refused, or queued up to the queue size. When nothing is open or
 * queued for the exit idle time, the idle action runs.
 *
 * @author socket-activation contributors
 */
final class Admission {

	private static final Logger logger = LoggerFactory.getLogger(Admission.class);

	private final EventLoop loop;

	private final Connections limits;

	private final ForwardingStats stats;

	private final Consumer<Channel> starter;

	private final @Nullable Duration exitIdleTime;

	private final Runnable onIdle;

	private final ArrayDeque<Channel> queue = new ArrayDeque<>();

	private int open;

	private boolean atLimit;

	private @Nullable ScheduledFuture<?> idleTimer;

	Admission(EventLoop loop, Connections limits, ForwardingStats stats, Consumer<Channel> starter,
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
	void start() {
		this.loop.execute(this::scheduleIdleExit);
	}

	/**
	 * Admit, queue or refuse a connection just accepted. Runs on the listeners' loop.
	 * @param client the accepted connection, not yet registered
	 */
	void offer(Channel client) {
		cancelIdleExit();
		if (this.open < this.limits.getMax()) {
			admit(client);
			return;
		}
		reportLimit(true);
		if (this.limits.getOverflow() == Overflow.QUEUE && this.queue.size() < this.limits.getQueueSize()) {
			this.queue.add(client);
			this.stats.onQueued(this.queue.size());
			logger.debug("Queued connection from {} ({} waiting)", client.remoteAddress(), this.queue.size());
			return;
		}
		this.stats.onRefused();
		logger.debug("Refused connection from {}: {} connections open", client.remoteAddress(), this.open);
		client.unsafe().closeForcibly();
	}

	/**
	 * Free the slot of a closed connection, admitting the next queued one. Safe from any
	 * thread.
	 */
	void release() {
		if (!this.loop.inEventLoop()) {
			this.loop.execute(this::release);
			return;
		}
		this.open--;
		Channel next = this.queue.poll();
		if (next != null) {
			this.stats.onQueued(this.queue.size());
			admit(next);
			return;
		}
		if (this.open < this.limits.getMax()) {
			reportLimit(false);
		}
		if (this.open == 0) {
			scheduleIdleExit();
		}
	}

	private void admit(Channel client) {
		this.open++;
		this.starter.accept(client);
	}

	private void reportLimit(boolean reached) {
		if (reached && !this.atLimit) {
			logger.warn("Connection limit reached: {} connections open; {} further connections", this.open,
					(this.limits.getOverflow() == Overflow.QUEUE) ? "queueing up to " + this.limits.getQueueSize()
							: "refusing");
		}
		else if (!reached && this.atLimit) {
			logger.info("Below the connection limit again: accepting connections");
		}
		this.atLimit = reached;
	}

	private void scheduleIdleExit() {
		Duration idle = this.exitIdleTime;
		if (idle != null && this.open == 0 && this.queue.isEmpty()) {
			// measured from the moment the last connection closed
			cancelIdleExit();
			this.idleTimer = this.loop.schedule(this::idleExpired, idle.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void idleExpired() {
		this.idleTimer = null;
		if (this.open == 0 && this.queue.isEmpty()) {
			logger.info("No connection for {}: exiting", this.exitIdleTime);
			this.onIdle.run();
		}
	}

	private void cancelIdleExit() {
		ScheduledFuture<?> timer = this.idleTimer;
		if (timer != null) {
			timer.cancel(false);
			this.idleTimer = null;
		}
	}

}
