package io.socketactivation.proxy.forward;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the data path, cheap enough to update on every read; the Actuator side
 * exposes them as meters once it runs.
 *
 * @author socket-activation contributors
 */
public final class ForwardingStats {

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger queued = new AtomicInteger();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder refused = new LongAdder();

	private final LongAdder bytesToBackend = new LongAdder();

	private final LongAdder bytesToClient = new LongAdder();

	private final Map<ErrorKind, LongAdder> errors = new EnumMap<>(ErrorKind.class);

	private final DurationStats backendConnect = new DurationStats();

	private final DurationStats connectionDuration = new DurationStats();

	public ForwardingStats() {
		for (ErrorKind kind : ErrorKind.values()) {
			this.errors.put(kind, new LongAdder());
		}
	}

	void onAccepted() {
		this.accepted.increment();
	}

	void onRefused() {
		this.refused.increment();
	}

	void onOpened() {
		this.open.incrementAndGet();
	}

	void onClosed(long durationNanos) {
		this.open.decrementAndGet();
		this.connectionDuration.record(durationNanos);
	}

	void onQueued(int queued) {
		this.queued.set(queued);
	}

	void onToBackend(int bytes) {
		this.bytesToBackend.add(bytes);
	}

	void onToClient(int bytes) {
		this.bytesToClient.add(bytes);
	}

	void onError(ErrorKind kind) {
		this.errors.get(kind).increment();
	}

	void onBackendConnected(long nanos) {
		this.backendConnect.record(nanos);
	}

	/**
	 * Return the number of connections being forwarded.
	 * @return open connections
	 */
	public int open() {
		return this.open.get();
	}

	/**
	 * Return the number of connections waiting for a free slot.
	 * @return queued connections
	 */
	public int queued() {
		return this.queued.get();
	}

	/**
	 * Return the number of connections accepted from clients.
	 * @return accepted connections
	 */
	public long accepted() {
		return this.accepted.sum();
	}

	/**
	 * Return the number of connections refused because of the connection limit.
	 * @return refused connections
	 */
	public long refused() {
		return this.refused.sum();
	}

	/**
	 * Return the bytes forwarded from clients to the backend.
	 * @return bytes
	 */
	public long bytesToBackend() {
		return this.bytesToBackend.sum();
	}

	/**
	 * Return the bytes forwarded from the backend to clients.
	 * @return bytes
	 */
	public long bytesToClient() {
		return this.bytesToClient.sum();
	}

	/**
	 * Return the number of errors of a kind.
	 * @param kind the kind
	 * @return the count
	 */
	public long errors(ErrorKind kind) {
		return this.errors.get(kind).sum();
	}

	/**
	 * Return the time taken to connect to the backend (including retries).
	 * @return the durations
	 */
	public DurationStats backendConnect() {
		return this.backendConnect;
	}

	/**
	 * Return the durations of closed connections.
	 * @return the durations
	 */
	public DurationStats connectionDuration() {
		return this.connectionDuration;
	}

	/**
	 * Count and total time of a kind of duration.
	 */
	public static final class DurationStats {

		private final LongAdder count = new LongAdder();

		private final LongAdder totalNanos = new LongAdder();

		void record(long nanos) {
			this.count.increment();
			this.totalNanos.add(nanos);
		}

		/**
		 * Return how many durations were recorded.
		 * @return the count
		 */
		public long count() {
			return this.count.sum();
		}

		/**
		 * Return the sum of the durations.
		 * @return nanoseconds
		 */
		public double totalNanos() {
			return this.totalNanos.sum();
		}

	}

}
