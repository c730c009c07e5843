package io.socketactivation.actuate;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.support.GenericApplicationContext;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerMetricsBinderTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private ActivatedSocket socket;

	private ServedListeners listeners;

	private TestListenerConnections connections;

	@BeforeEach
	void open() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web.socket", 3);
		this.listeners = new ServedListeners(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		this.connections = new TestListenerConnections(this.socket);
	}

	@AfterEach
	void close() throws Exception {
		this.socket.channel().close();
	}

	@Test
	void bindsACounterAndAGaugePerListenerOnceStarted() {
		this.listeners.record("main", this.socket.port(), List.of(this.connections));
		ListenerMetricsBinder binder = new ListenerMetricsBinder(this.registry, this.listeners);
		assertThat(this.registry.getMeters()).isEmpty();
		started(binder);
		Tags tags = Tags.of("name", "web.socket", "source", "systemd", "address", "127.0.0.1:" + this.socket.port());
		FunctionCounter accepted = this.registry.get("socket.activation.connections.accepted")
			.tags(tags)
			.functionCounter();
		Gauge open = this.registry.get("socket.activation.connections.open").tags(tags).gauge();
		assertThat(accepted.getId().getBaseUnit()).isEqualTo("connections");
		assertThat(open.getId().getBaseUnit()).isEqualTo("connections");
		this.connections.accepted.set(5);
		this.connections.open.set(2);
		assertThat(accepted.count()).isEqualTo(5);
		assertThat(open.value()).isEqualTo(2);
	}

	@Test
	void bindsACounterOfRefusedConnectionsForASocketThatRequiresAProxyHeader() {
		TestListenerConnections proxied = new TestListenerConnections(this.socket, true);
		this.listeners.record("main", this.socket.port(), List.of(proxied));
		started(new ListenerMetricsBinder(this.registry, this.listeners));
		FunctionCounter refused = this.registry.get("socket.activation.connections.refused")
			.tags("name", "web.socket")
			.functionCounter();
		assertThat(refused.getId().getBaseUnit()).isEqualTo("connections");
		proxied.refused.set(3);
		assertThat(refused.count()).isEqualTo(3);
	}

	@Test
	void bindsNoCounterOfRefusedConnectionsWhenNoHeaderIsRequired() {
		this.listeners.record("main", this.socket.port(), List.of(this.connections));
		started(new ListenerMetricsBinder(this.registry, this.listeners));
		assertThat(this.registry.find("socket.activation.connections.refused").meter()).isNull();
	}

	@Test
	void bindsOnlyOnce() {
		this.listeners.record("main", this.socket.port(), List.of(this.connections));
		ListenerMetricsBinder binder = new ListenerMetricsBinder(this.registry, this.listeners);
		started(binder);
		started(binder);
		assertThat(this.registry.getMeters()).hasSize(2);
	}

	@Test
	void destroyRemovesTheMeters() {
		this.listeners.record("main", this.socket.port(), List.of(this.connections));
		ListenerMetricsBinder binder = new ListenerMetricsBinder(this.registry, this.listeners);
		started(binder);
		binder.destroy();
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void noMetersForSocketsNoInstrumentedServerServes() {
		ListenerMetricsBinder binder = new ListenerMetricsBinder(this.registry, this.listeners);
		started(binder);
		assertThat(this.registry.getMeters()).isEmpty();
	}

	private static void started(ListenerMetricsBinder binder) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.refresh();
			binder.onApplicationEvent(
					new ApplicationStartedEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
		}
	}

}
