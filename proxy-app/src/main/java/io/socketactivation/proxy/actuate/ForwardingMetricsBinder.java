package io.socketactivation.proxy.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.socketactivation.proxy.forward.ErrorKind;
import io.socketactivation.proxy.forward.ForwardingStats;
import io.socketactivation.proxy.forward.ForwardingStats.DurationStats;

/**
 * Exposes the data path's counters as meters: {@code proxy.connections.open},
 * {@code .queued}, {@code .accepted}, {@code .refused}, {@code proxy.bytes} (tag
 * {@code direction}), {@code proxy.errors} (tag {@code kind}),
 * {@code proxy.backend.connect} and {@code proxy.connection.duration}.
 *
 * @author socket-activation contributors
 */
public final class ForwardingMetricsBinder implements MeterBinder {

	private final ForwardingStats stats;

	/**
	 * Create a binder.
	 * @param stats the counters to expose
	 */
	public ForwardingMetricsBinder(ForwardingStats stats) {
		this.stats = stats;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("proxy.connections.open", this.stats, ForwardingStats::open)
			.description("Connections being forwarded")
			.register(registry);
		Gauge.builder("proxy.connections.queued", this.stats, ForwardingStats::queued)
			.description("Connections waiting for a free slot")
			.register(registry);
		FunctionCounter.builder("proxy.connections.accepted", this.stats, ForwardingStats::accepted)
			.description("Connections accepted from clients")
			.register(registry);
		FunctionCounter.builder("proxy.connections.refused", this.stats, ForwardingStats::refused)
			.description("Connections refused at the connection limit")
			.register(registry);
		FunctionCounter.builder("proxy.bytes", this.stats, ForwardingStats::bytesToBackend)
			.tag("direction", "to-backend")
			.baseUnit("bytes")
			.register(registry);
		FunctionCounter.builder("proxy.bytes", this.stats, ForwardingStats::bytesToClient)
			.tag("direction", "to-client")
			.baseUnit("bytes")
			.register(registry);
		for (ErrorKind kind : ErrorKind.values()) {
			FunctionCounter.builder("proxy.errors", this.stats, (stats) -> stats.errors(kind))
				.tag("kind", kind.tag())
				.description("Connections that ended badly, and accept errors, by kind")
				.register(registry);
		}
		timer(registry, "proxy.backend.connect", "Time to connect to the backend, retries included",
				this.stats.backendConnect());
		timer(registry, "proxy.connection.duration", "Duration of closed connections", this.stats.connectionDuration());
	}

	private static void timer(MeterRegistry registry, String name, String description, DurationStats durations) {
		FunctionTimer.builder(name, durations, DurationStats::count, DurationStats::totalNanos, TimeUnit.NANOSECONDS)
			.description(description)
			.register(registry);
	}

}
