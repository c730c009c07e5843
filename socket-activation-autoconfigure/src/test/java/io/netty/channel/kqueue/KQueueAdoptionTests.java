package io.netty.channel.kqueue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link KQueueAdoption}. There is no kqueue on Linux, but the channel can be
 * made (not registered) once epoll's native library, which carries the native methods of
 * Netty's Unix sockets, is loaded.
 *
 * @author socket-activation contributors
 */
class KQueueAdoptionTests {

	@TempDir
	Path directory;

	@Test
	void adoptedListeningUnixSocketIsActiveWhereNettysFdConstructorLeavesItInactive() throws Exception {
		assumeTrue(Epoll.isAvailable(), "needs epoll's native library for the Unix socket natives");
		Path path = Files.createDirectories(this.directory).resolve("l.sock");
		Socket listening = Socket.newSocketDomain();
		try {
			listening.bind(new DomainSocketAddress(path.toString()));
			listening.listen(8);
			assertThat(new KQueueServerDomainSocketChannel(listening.intValue()).isActive()).isFalse();
			KQueueServerDomainSocketChannel adopted = KQueueAdoption.listeningDomainSocket(listening.intValue());
			assertThat(adopted.isActive()).isTrue();
			assertThat(adopted.isOpen()).isTrue();
		}
		finally {
			listening.close();
		}
	}

}
