package io.socketactivation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ActivatedSocket}.
 */
class ActivatedSocketTests {

	@Test
	void openChannelIsTheSocketsChannelUntilAServerClosedIt() throws Exception {
		ServerSocketChannel channel = ServerSocketChannel.open();
		channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		ActivatedSocket socket = new ActivatedSocket(SocketSource.SYSTEMD, "web", 3, SocketFamily.INET,
				channel.getLocalAddress(), channel);
		assertThat(socket.openChannel()).isSameAs(channel);
		channel.close(); // as a server closes it when it stops
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(socket::openChannel)
			.withMessageStartingWith("systemd socket 'web' (fd 3) on " + socket.displayAddress()
					+ " was already closed: an adopted socket can be served by one server, once")
			.satisfies((ex) -> assertThat(ex.getAction()).startsWith("Restart the service (systemctl restart)"));
	}

}
