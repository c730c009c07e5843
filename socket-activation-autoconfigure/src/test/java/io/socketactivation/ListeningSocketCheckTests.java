package io.socketactivation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.socketactivation.FdStatus.SocketType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ListeningSocketCheckTests {

	private static final String FD = "fd 3 ('web') from systemd";

	private static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

	@Test
	void listeningStreamSocketsOfEachFamilyPass() {
		assertThat(ListeningSocketCheck.check(FD, socket(SocketType.STREAM, SocketFamily.INET, true, LOCAL, null)))
			.isEqualTo(SocketFamily.INET);
		assertThat(ListeningSocketCheck.check(FD,
				socket(SocketType.STREAM, SocketFamily.UNIX, true, UnixDomainSocketAddress.of("/run/a.sock"), null)))
			.isEqualTo(SocketFamily.UNIX);
		assertThat(ListeningSocketCheck.check(FD,
				socket(SocketType.STREAM, SocketFamily.INET6, true,
						new InetSocketAddress(InetAddress.getLoopbackAddress(), 1), null)))
			.isEqualTo(SocketFamily.INET6);
	}

	@Test
	void closedFd() {
		assertFails(FdStatus.closed(), "fd 3 ('web') from systemd is not open.", "closes them");
	}

	@Test
	void fileOfTheJvmItselfMeansTheFdWasNotPassed() {
		String modules = Path.of(System.getProperty("java.home"), "lib", "modules").toString();
		assertFails(
				FdStatus.notSocket(modules), FD + " was not open when the JVM started: the JVM has since opened "
						+ "its own file '" + modules + "' on that number.",
				"LISTEN_FDS counts only the fds really passed");
	}

	@Test
	void nonSocket() {
		assertFails(FdStatus.notSocket("/etc/hostname"), FD + " is not a socket but '/etc/hostname'.",
				"Pass listening sockets only");
	}

	@Test
	void unsupportedFamily() {
		assertFails(socket(SocketType.STREAM, null, "AF_NETLINK", true, null, null), FD + " is a AF_NETLINK socket.",
				"Only AF_INET, AF_INET6 and AF_UNIX");
	}

	@Test
	void datagramSocket() {
		assertFails(socket(SocketType.DATAGRAM, SocketFamily.INET, false, LOCAL, null),
				FD + " is a datagram (SOCK_DGRAM) socket, not a stream (SOCK_STREAM) socket.", "ListenStream=");
	}

	@Test
	void sequentialPacketSocket() {
		assertFails(socket(SocketType.SEQPACKET, SocketFamily.UNIX, true, UnixDomainSocketAddress.of("/a"), null),
				FD + " is a sequential-packet (SOCK_SEQPACKET) socket", "ListenSequentialPacket=");
	}

	@Test
	void socketWithoutAddress() {
		assertFails(socket(SocketType.STREAM, SocketFamily.UNIX, true, null, null),
				FD + " is a socket with no local address.", "Pass a socket bound");
	}

	@Test
	void portZero() {
		assertFails(socket(SocketType.STREAM, SocketFamily.INET, false, new InetSocketAddress(0), null),
				FD + " is bound to port 0 (0.0.0.0:0): the service manager could not bind the port it was asked for.",
				"launchd hands over such a socket");
	}

	@Test
	void connectedSocketFromAcceptYes() {
		assertFails(
				socket(SocketType.STREAM, SocketFamily.INET, false, LOCAL,
						new InetSocketAddress(InetAddress.getLoopbackAddress(), 50000)),
				FD + " is a connected socket (peer 127.0.0.1:50000), not a listening one.", "Set Accept=no");
	}

	@Test
	void boundSocketThatIsNotListening() {
		assertFails(socket(SocketType.STREAM, SocketFamily.INET, false, LOCAL, null),
				FD + " is a socket that is not listening.", "listen()");
	}

	private static FdStatus socket(SocketType type, SocketFamily family, boolean listening, SocketAddress address,
			SocketAddress peer) {
		return FdStatus.socket(type, family, "AF_" + family, listening, address, peer);
	}

	private static FdStatus socket(SocketType type, SocketFamily family, String familyName, boolean listening,
			SocketAddress address, SocketAddress peer) {
		return FdStatus.socket(type, family, familyName, listening, address, peer);
	}

	private static void assertFails(FdStatus status, String description, String actionPart) {
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> ListeningSocketCheck.check(FD, status))
			.satisfies((ex) -> {
				assertThat(ex.getDescription()).startsWith(description);
				assertThat(ex.getAction()).contains(actionPart);
			});
	}

}
