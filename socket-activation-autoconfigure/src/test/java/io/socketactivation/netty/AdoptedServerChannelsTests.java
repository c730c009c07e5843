package io.socketactivation.netty;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;

import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.Test;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AdoptedServerChannels}.
 *
 * @author socket-activation contributors
 */
class AdoptedServerChannelsTests {

	@Test
	void aTransportThatCannotAdoptASocketIsRefusedWithWhatToDo() throws Exception {
		try (ServerSocketChannel channel = ServerSocketChannel.open()) {
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			ActivatedSocket socket = new ActivatedSocket(SocketSource.SYSTEMD, "web", 3, SocketFamily.INET,
					channel.getLocalAddress(), channel);
			// as io_uring's channel would be: a transport the starter cannot adopt with
			assertThatExceptionOfType(SocketActivationException.class)
				.isThrownBy(() -> AdoptedServerChannels.create(LocalServerChannel.class, socket))
				.withMessageStartingWith("systemd socket 'web' (fd 3) on " + socket.displayAddress()
						+ " cannot be served on Netty's transport io.netty.channel.local.LocalServerChannel")
				.satisfies((ex) -> assertThat(ex.getAction()).contains("-Dreactor.netty.native=false"));
		}
	}

}
