package io.socketactivation.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.actuate.SocketActivationEndpoint.SocketActivationDescriptor;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SocketActivationEndpointTests {

	private ActivatedSocket socket;

	@AfterEach
	void close() throws Exception {
		if (this.socket != null) {
			this.socket.channel().close();
		}
	}

	@Test
	void showsActivationVariablesAndListeners() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"));
		listeners.record("main", this.socket.port(), List.of(new TestListenerConnections(this.socket)));
		SocketActivationDescriptor descriptor = new SocketActivationEndpoint(listeners,
				Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"))
			.socketActivation();
		assertThat(descriptor.activated()).isTrue();
		assertThat(descriptor.summary()).isEqualTo("LISTEN_FDS=1");
		assertThat(descriptor.pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(descriptor.variables()).containsOnly(entry("LISTEN_PID", "42"), entry("LISTEN_FDS", "1"));
		assertThat(descriptor.listeners()).singleElement()
			.satisfies((details) -> assertThat(details).contains(entry("name", "web"), entry("server", "main"),
					entry("acceptedConnections", 0L)));
	}

	@Test
	void notActivatedSaysWhy() {
		SocketActivationDescriptor descriptor = new SocketActivationEndpoint(
				new ServedListeners(ActivatedSockets.none("LISTEN_PID is not set")), Map.of())
			.socketActivation();
		assertThat(descriptor.activated()).isFalse();
		assertThat(descriptor.summary()).isEqualTo("LISTEN_PID is not set");
		assertThat(descriptor.listeners()).isEmpty();
	}

}
