package io.socketactivation.nativeio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.FdStatus;
import io.socketactivation.FdStatus.Kind;
import io.socketactivation.FdStatus.SocketType;
import io.socketactivation.SocketFamily;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Inspection and adoption on real sockets of this JVM. Linux only: the fds are found
 * through {@code /proc/self/fd}.
 */
@EnabledOnOs(OS.LINUX)
class NativeFileDescriptorsTests {

	private static final int F_DUPFD_CLOEXEC = 1030;

	private final NativeFileDescriptors fds = NativeFileDescriptors.INSTANCE;

	@Test
	void ipv6ThrowawayFallsBackToTheWildcardWhereTheLoopbackIsMissing() throws Exception {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
			// an address this host does not have, as ::1 where lo has IPv6 disabled
			InetSocketAddress missing = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 0);
			NativeFileDescriptors.bindThrowaway(channel, missing, SocketFamily.INET6);
			InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
			assertThat(bound.getAddress().isAnyLocalAddress()).isTrue();
			assertThat(bound.getPort()).isPositive();
		}
	}

	@Test
	void ipv4ThrowawayDoesNotFallBack() throws Exception {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
			InetSocketAddress missing = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0);
			assertThatIOException()
				.isThrownBy(() -> NativeFileDescriptors.bindThrowaway(channel, missing, SocketFamily.INET));
		}
	}

	@Test
	void listeningTcpSocket() throws Exception {
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			FdStatus status = this.fds.inspect(fdListeningOn(channel.getLocalAddress()));
			assertThat(status.kind()).isEqualTo(Kind.SOCKET);
			assertThat(status.type()).isEqualTo(SocketType.STREAM);
			assertThat(status.family()).isEqualTo(SocketFamily.INET);
			assertThat(status.listening()).isTrue();
			assertThat(status.peer()).isNull();
		}
	}

	@Test
	void datagramSocket() throws Exception {
		try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
			channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			SocketAddress address = channel.getLocalAddress();
			int fd = findFd((status) -> address.equals(status.address()));
			FdStatus status = this.fds.inspect(fd);
			assertThat(status.type()).isEqualTo(SocketType.DATAGRAM);
			assertThat(status.listening()).isFalse();
		}
	}

	@Test
	void connectedSocketReportsItsPeer() throws Exception {
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
				SocketAddress clientAddress = client.getLocalAddress();
				int fd = findFd((status) -> clientAddress.equals(status.address()));
				FdStatus status = this.fds.inspect(fd);
				assertThat(status.listening()).isFalse();
				assertThat(status.peer()).isEqualTo(server.getLocalAddress());
			}
		}
	}

	@Test
	void regularFileIsNotASocketAndIsNamed(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("plain.txt"), "x");
		try (FileChannel channel = FileChannel.open(file)) {
			int fd = findFd((status) -> status.kind() == Kind.NOT_SOCKET && status.what().equals(file.toString()));
			assertThat(this.fds.inspect(fd).what()).isEqualTo(file.toString());
			assertThat(channel.isOpen()).isTrue();
		}
	}

	@Test
	void fdThatIsNotOpenIsClosed() throws Exception {
		assertThat(this.fds.inspect(1_000_000).kind()).isEqualTo(Kind.CLOSED);
	}

	@Test
	void adoptsTcpSocketAsJdkChannelThatAcceptsAndClosesTheOriginalFd() throws Exception {
		assertAdopts(SocketFamily.INET, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
	}

	@Test
	void adoptsIpv6Socket() throws Exception {
		assertAdopts(SocketFamily.INET6, new InetSocketAddress(InetAddress.getByName("::1"), 0));
	}

	@Test
	void adoptsUnixSocketWithoutTouchingItsPath(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		assertAdopts(SocketFamily.UNIX, UnixDomainSocketAddress.of(path));
		assertThat(path).exists();
	}

	@Test
	void movesASocketOntoAnotherFdWhichKeepsCloseOnExec() throws Exception {
		try (ServerSocketChannel moved = ServerSocketChannel.open(StandardProtocolFamily.INET);
				ServerSocketChannel replaced = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
			moved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			replaced.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			SocketAddress address = moved.getLocalAddress();
			int fd = LibC.INSTANCE.fcntl(fdListeningOn(address), F_DUPFD_CLOEXEC, 100);
			int target = fdListeningOn(replaced.getLocalAddress());
			this.fds.moveOnto(fd, target);
			assertThat(this.fds.inspect(target).address()).isEqualTo(address);
			assertThat(LibC.INSTANCE.fcntl(target, Platform.F_GETFD) & Platform.FD_CLOEXEC).isOne();
			assertReleased(fd, address);
		}
	}

	@Test
	void duplicatesASocketOntoANewCloseOnExecFdAndKeepsTheOriginalOpen() throws Exception {
		try (ServerSocketChannel original = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
			original.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			SocketAddress address = original.getLocalAddress();
			int fd = fdListeningOn(address);
			int duplicate = this.fds.duplicate(fd);
			try {
				assertThat(duplicate).isNotEqualTo(fd).isGreaterThan(2);
				assertThat(this.fds.inspect(duplicate).address()).isEqualTo(address);
				assertThat(this.fds.inspect(duplicate).listening()).isTrue();
				assertThat(LibC.INSTANCE.fcntl(duplicate, Platform.F_GETFD) & Platform.FD_CLOEXEC).isOne();
				assertThat(this.fds.inspect(fd).address()).isEqualTo(address);
			}
			finally {
				LibC.INSTANCE.close(duplicate);
			}
		}
	}

	@Test
	void putsASocketInNonBlockingModeForEveryFdOfIt() throws Exception {
		try (ServerSocketChannel original = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
			original.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			int fd = fdListeningOn(original.getLocalAddress());
			int nonBlocking = Platform.current().oNonBlock();
			LibC.INSTANCE.fcntl(fd, Platform.F_SETFL, LibC.INSTANCE.fcntl(fd, Platform.F_GETFL) & ~nonBlocking);
			int duplicate = this.fds.duplicate(fd);
			try {
				this.fds.setNonBlocking(duplicate);
				assertThat(LibC.INSTANCE.fcntl(duplicate, Platform.F_GETFL) & nonBlocking).isEqualTo(nonBlocking);
				assertThat(LibC.INSTANCE.fcntl(fd, Platform.F_GETFL) & nonBlocking).isEqualTo(nonBlocking);
			}
			finally {
				LibC.INSTANCE.close(duplicate);
			}
		}
	}

	@Test
	void queuedOutputIsWhatThePeerHasNotReadYet(@TempDir Path directory) throws Exception {
		UnixDomainSocketAddress path = UnixDomainSocketAddress.of(directory.resolve("s.sock"));
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(path);
			try (SocketChannel client = SocketChannel.open(path); SocketChannel accepted = server.accept()) {
				int fd = findFd((status) -> path.equals(status.peer()));
				assertThat(this.fds.queuedOutput(fd)).isZero();
				client.write(ByteBuffer.allocate(1000));
				// a Unix socket counts the buffers' sizes, at least the bytes in them
				assertThat(this.fds.queuedOutput(fd)).isGreaterThanOrEqualTo(1000);
				ByteBuffer received = ByteBuffer.allocate(1000);
				while (received.hasRemaining()) {
					accepted.read(received);
				}
				assertThat(this.fds.queuedOutput(fd)).isZero();
			}
		}
	}

	@Test
	void queuedOutputOfAClosedFdNamesIt() {
		assertThatIOException().isThrownBy(() -> this.fds.queuedOutput(999_999))
			.withMessageStartingWith("Reading the output queue of fd 999999 failed");
	}

	@Test
	void duplicatingAClosedFdNamesIt() {
		assertThatIOException().isThrownBy(() -> this.fds.duplicate(999_999))
			.withMessageStartingWith("Duplicating fd 999999 failed");
	}

	/**
	 * Make a socket no JDK object owns (a duplicate of a channel's fd), adopt it, and
	 * check that the new channel serves it.
	 */
	private void assertAdopts(SocketFamily family, SocketAddress bindAddress) throws Exception {
		SocketAddress address;
		int foreignFd;
		try (ServerSocketChannel original = ServerSocketChannel.open(protocolFamily(family))) {
			original.bind(bindAddress);
			address = original.getLocalAddress();
			foreignFd = LibC.INSTANCE.fcntl(fdListeningOn(address), F_DUPFD_CLOEXEC, 100);
		}
		try (ServerSocketChannel adopted = this.fds.adopt(foreignFd, family)) {
			assertThat(adopted.isBlocking()).isTrue();
			// the JDK's cached address is the throwaway one: never report it
			assertThat(adopted.getLocalAddress()).isNotEqualTo(address);
			int adoptedFd = fdListeningOn(address);
			assertThat(adoptedFd).isNotEqualTo(foreignFd);
			assertThat(LibC.INSTANCE.fcntl(adoptedFd, Platform.F_GETFD) & Platform.FD_CLOEXEC).isOne();
			assertReleased(foreignFd, address);
			try (SocketChannel client = SocketChannel.open(address); SocketChannel accepted = adopted.accept()) {
				client.write(ByteBuffer.wrap(new byte[] { 42 }));
				ByteBuffer received = ByteBuffer.allocate(1);
				accepted.read(received);
				assertThat(received.get(0)).isEqualTo((byte) 42);
			}
		}
	}

	private static StandardProtocolFamily protocolFamily(SocketFamily family) {
		return switch (family) {
			case INET -> StandardProtocolFamily.INET;
			case INET6 -> StandardProtocolFamily.INET6;
			case UNIX -> StandardProtocolFamily.UNIX;
		};
	}

	private int fdListeningOn(SocketAddress address) throws IOException {
		return findFd((status) -> status.listening() && address.equals(status.address()));
	}

	/**
	 * Assert that {@code fd} no longer holds the socket listening on {@code address}: it
	 * is closed, unless another thread of this JVM (the class loader opening a jar, say)
	 * has opened a file since, which takes the lowest free number: with the test class
	 * path's jars open, that can be {@code fd} itself.
	 */
	private void assertReleased(int fd, SocketAddress address) throws IOException {
		FdStatus status = this.fds.inspect(fd);
		assertThat(status.kind() == Kind.CLOSED || !address.equals(status.address()))
			.as("fd %d still holds the socket on %s: %s", fd, address, status)
			.isTrue();
	}

	private int findFd(Predicate<FdStatus> condition) throws IOException {
		int found = -1;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
			for (Path entry : entries) {
				int fd = Integer.parseInt(entry.getFileName().toString());
				FdStatus status;
				try {
					status = this.fds.inspect(fd);
				}
				catch (IOException ex) {
					continue;
				}
				if (condition.test(status)) {
					assertThat(found).as("more than one fd matches").isEqualTo(-1);
					found = fd;
				}
			}
		}
		assertThat(found).as("fd found").isNotEqualTo(-1);
		return found;
	}

}
