package io.socketactivation.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SocketActivationHealthIndicatorTests {

	private ActivatedSocket socket;

	@AfterEach
	void close() throws Exception {
		if (this.socket != null) {
			this.socket.channel().close();
		}
	}

	@Test
	void upWithADetailPerListener() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web.socket", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		listeners.record("main", this.socket.port(), List.of(new TestListenerConnections(this.socket)));
		Health health = new SocketActivationHealthIndicator(listeners).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).contains(entry("activated", true), entry("summary", "LISTEN_FDS=1"));
		assertThat(listenerDetails(health)).singleElement()
			.satisfies((details) -> assertThat(details).contains(entry("source", "systemd"),
					entry("name", "web.socket"), entry("fd", 3), entry("family", "INET"),
					entry("address", "127.0.0.1:" + this.socket.port()), entry("server", "main")));
	}

	@Test
	void downWhenAnAdoptedSocketWasClosedUnderneathUs() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web.socket", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		this.socket.channel().close();
		Health health = new SocketActivationHealthIndicator(listeners).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(listenerDetails(health)).singleElement()
			.satisfies((details) -> assertThat(details).contains(entry("open", false)));
	}

	@Test
	void upWhenNotActivatedWithTheReasonAndTheBoundPort() {
		ServedListeners listeners = new ServedListeners(ActivatedSockets.none("LISTEN_PID is not set"));
		listeners.record("main", 8080, List.of());
		Health health = new SocketActivationHealthIndicator(listeners).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).contains(entry("activated", false), entry("summary", "LISTEN_PID is not set"));
		assertThat(listenerDetails(health)).singleElement()
			.satisfies((details) -> assertThat(details).contains(entry("source", "bind"), entry("address", "*:8080")));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> listenerDetails(Health health) {
		return (List<Map<String, Object>>) health.getDetails().get("listeners");
	}

}
