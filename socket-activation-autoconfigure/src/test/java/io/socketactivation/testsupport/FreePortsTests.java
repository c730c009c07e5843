package io.socketactivation.testsupport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortsTests {

	@Test
	void portsAreBelowTheEphemeralRangeAndFree() throws Exception {
		int port = FreePorts.take();
		assertThat(port).isGreaterThanOrEqualTo(FreePorts.LOWEST).isLessThan(FreePorts.ephemeralLow());
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			assertThat(socket.getLocalPort()).isEqualTo(port);
		}
	}

	@Test
	void aPortInUseIsNotHandedOut() throws Exception {
		Set<Integer> taken = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			taken.add(FreePorts.take());
		}
		assertThat(taken).hasSize(50);
		int port = FreePorts.take();
		try (ServerSocket held = new ServerSocket()) {
			held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1));
			// the next in turn is held: skipped
			assertThat(FreePorts.take()).isNotEqualTo(port + 1);
		}
	}

}
