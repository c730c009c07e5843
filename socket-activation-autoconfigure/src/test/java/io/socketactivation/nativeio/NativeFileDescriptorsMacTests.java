package io.socketactivation.nativeio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.socketactivation.FdStatus;
import io.socketactivation.FdStatus.Kind;
import io.socketactivation.SocketFamily;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adoption route on macOS, where a launchd socket arrives: no {@code /proc} (fds are
 * found through {@code /dev/fd}), BSD {@code sockaddr} layout and socket constants.
 */
@EnabledOnOs(value = OS.MAC, disabledReason = "checks macOS's /dev/fd, socket constants and sockaddr layout")
class NativeFileDescriptorsMacTests {

	/** {@code F_DUPFD}: 0 on macOS and Linux. */
	private static final int F_DUPFD = 0;

	/** Highest fd number scanned: test JVMs stay far below. */
	private static final int MAX_FD = 4096;

	private final NativeFileDescriptors fds = NativeFileDescriptors.INSTANCE;

	@Test
	void platformIsMacos() {
		assertThat(Platform.current()).isSameAs(Platform.MACOS);
	}

	@Test
	void listeningIpv4SocketIsInspectedAndAdopted() throws Exception {
		assertAdoptedAndServed(StandardProtocolFamily.INET, "127.0.0.1", SocketFamily.INET);
	}

	@Test
	void listeningIpv6SocketIsInspectedAndAdopted() throws Exception {
		assertAdoptedAndServed(StandardProtocolFamily.INET6, "::1", SocketFamily.INET6);
	}

	private void assertAdoptedAndServed(StandardProtocolFamily protocol, String host, SocketFamily family)
			throws Exception {
		SocketAddress address;
		int handedOver;
		try (ServerSocketChannel original = ServerSocketChannel.open(protocol)) {
			original.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
			address = original.getLocalAddress();
			handedOver = LibC.INSTANCE.fcntl(fdListeningOn(address), F_DUPFD, 100);
		}
		FdStatus status = this.fds.inspect(handedOver);
		assertThat(status.family()).isEqualTo(family);
		assertThat(status.listening()).isTrue();
		assertThat(status.address()).isEqualTo(address);
		try (ServerSocketChannel adopted = this.fds.adopt(handedOver, family)) {
			assertThat(this.fds.inspect(handedOver).kind()).isEqualTo(Kind.CLOSED);
			try (SocketChannel client = SocketChannel.open(address); SocketChannel accepted = adopted.accept()) {
				assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
			}
		}
	}

	private int fdListeningOn(SocketAddress address) throws IOException {
		for (int fd = 0; fd < MAX_FD; fd++) {
			FdStatus status = this.fds.inspect(fd);
			if (status.kind() == Kind.SOCKET && status.listening() && address.equals(status.address())) {
				return fd;
			}
		}
		throw new AssertionError("No fd listening on " + address);
	}

}
