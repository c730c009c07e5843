package io.socketactivation.testsupport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that sends requests one after another, each on a new connection, until
 * stopped, a request count or a time limit: so that every request goes through accept.
 * Records every failure.
 *
 * @author socket-activation contributors
 */
public final class ClientLoop implements Runnable {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private final InetSocketAddress address;

	private final long maxRequests;

	private final Duration maxDuration;

	private final AtomicLong succeeded = new AtomicLong();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private volatile boolean stopped;

	/**
	 * Create a loop.
	 * @param address the server
	 * @param maxRequests the most requests to send
	 * @param maxDuration the longest to run
	 */
	public ClientLoop(InetSocketAddress address, long maxRequests, Duration maxDuration) {
		this.address = address;
		this.maxRequests = maxRequests;
		this.maxDuration = maxDuration;
	}

	@Override
	public void run() {
		long deadline = System.nanoTime() + this.maxDuration.toNanos();
		for (long sent = 0; sent < this.maxRequests && !this.stopped && System.nanoTime() < deadline; sent++) {
			try {
				int status = Http.getOnNewConnection(this.address, "/hello", REQUEST_TIMEOUT);
				if (status == 200) {
					this.succeeded.incrementAndGet();
				}
				else {
					this.failures.add("request " + sent + ": status " + status);
				}
			}
			catch (Exception ex) {
				this.failures.add("request " + sent + ": " + ex);
			}
		}
	}

	/**
	 * Wait until this many more requests have succeeded.
	 * @param count the number of further successful requests
	 * @throws InterruptedException if interrupted
	 */
	public void awaitRequests(long count) throws InterruptedException {
		long target = this.succeeded.get() + count;
		long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
		while (this.succeeded.get() < target && System.nanoTime() < deadline && this.failures.size() < 100) {
			Thread.sleep(20);
		}
	}

	/**
	 * Stop after the request in progress.
	 */
	public void stop() {
		this.stopped = true;
	}

	/**
	 * Return the number of successful requests.
	 * @return the count
	 */
	public long succeeded() {
		return this.succeeded.get();
	}

	/**
	 * Return the failures.
	 * @return what failed, one entry per request
	 */
	public List<String> failures() {
		return this.failures;
	}

}
