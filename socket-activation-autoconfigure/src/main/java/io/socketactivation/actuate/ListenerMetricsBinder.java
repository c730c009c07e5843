package io.socketactivation.actuate;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Binds a connection counter and gauge per instrumented listener once the web servers
 * exist ({@link ApplicationStartedEvent}), and removes them when the context closes, as
 * Spring Boot's {@code TomcatMetricsBinder} does:
 * <ul>
 * <li>{@value #ACCEPTED} (counter): connections accepted since the server started;</li>
 * <li>{@value #OPEN} (gauge): connections open now;</li>
 * <li>{@value #REFUSED} (counter, only for a socket that requires a PROXY protocol
 * header): connections closed unserved for want of a valid header in time;</li>
 * </ul>
 * both in {@code connections}, tagged with the socket's {@code name}, {@code source} and
 * {@code address}.
 *
 * @author socket-activation contributors
 */
public class ListenerMetricsBinder implements ApplicationListener<ApplicationStartedEvent>, DisposableBean {

	/** Name of the counter of accepted connections. */
	public static final String ACCEPTED = "socket.activation.connections.accepted";

	/** Name of the gauge of open connections. */
	public static final String OPEN = "socket.activation.connections.open";

	/** Name of the counter of connections refused for want of a PROXY protocol header. */
	public static final String REFUSED = "socket.activation.connections.refused";

	private final MeterRegistry registry;

	private final ServedListeners servedListeners;

	private final List<Meter> meters = new ArrayList<>();

	/**
	 * Create a binder.
	 * @param registry the registry to bind to
	 * @param servedListeners the listening sockets
	 */
	public ListenerMetricsBinder(MeterRegistry registry, ServedListeners servedListeners) {
		this.registry = registry;
		this.servedListeners = servedListeners;
	}

	@Override
	public synchronized void onApplicationEvent(ApplicationStartedEvent event) {
		if (!this.meters.isEmpty()) {
			return;
		}
		for (ListenerConnections listener : this.servedListeners.instrumented()) {
			bind(listener);
		}
	}

	private void bind(ListenerConnections listener) {
		Tags tags = Tags.of("name", listener.socket().name(), "source", listener.socket().source().displayName(),
				"address", listener.socket().displayAddress());
		this.meters.add(FunctionCounter.builder(ACCEPTED, listener, ListenerConnections::acceptedConnections)
			.description("Connections accepted on an activated socket since the server started")
			.baseUnit(BaseUnits.CONNECTIONS)
			.tags(tags)
			.register(this.registry));
		this.meters.add(Gauge.builder(OPEN, listener, ListenerConnections::openConnections)
			.description("Connections open on an activated socket")
			.baseUnit(BaseUnits.CONNECTIONS)
			.tags(tags)
			.register(this.registry));
		if (listener.requiresProxyHeader()) {
			this.meters.add(FunctionCounter.builder(REFUSED, listener, ListenerConnections::refusedConnections)
				.description("Connections closed unserved on an activated socket for want of a valid PROXY "
						+ "protocol header in time")
				.baseUnit(BaseUnits.CONNECTIONS)
				.tags(tags)
				.register(this.registry));
		}
	}

	@Override
	public synchronized void destroy() {
		this.meters.forEach(this.registry::remove);
		this.meters.clear();
	}

}
