package io.socketactivation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.socketactivation.FdStatus.SocketType;
import io.socketactivation.launchd.Launchd;
import io.socketactivation.launchd.LaunchdAnswer;
import io.socketactivation.launchd.LaunchdAnswer.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketActivationTests {

	private static final InetSocketAddress WEB = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

	private static final Launchd NO_LAUNCHD = (name) -> LaunchdAnswer.unavailable(name, "no libSystem in this test");

	private final FakeFileDescriptors fds = new FakeFileDescriptors();

	private final Map<String, LaunchdAnswer> launchdAnswers = new HashMap<>();

	private final List<String> launchdAsked = new ArrayList<>();

	private final Launchd launchd = (name) -> {
		this.launchdAsked.add(name);
		return this.launchdAnswers.getOrDefault(name,
				LaunchdAnswer.error(name, Outcome.NOT_MANAGED, 3, "ESRCH (No such process)"));
	};

	@AfterEach
	void closeChannels() throws IOException {
		for (ServerSocketChannel channel : this.fds.adopted) {
			channel.close();
		}
	}

	@Test
	void notActivatedCollectsNothingAndSaysWhy() {
		ActivatedSockets sockets = activation(Map.of()).collect();
		assertThat(sockets.isEmpty()).isTrue();
		assertThat(sockets.summary()).isEqualTo("LISTEN_PID is not set");
	}

	@Test
	void verifiedSocketsAreAdoptedWithTheirNamesAndRealAddresses() {
		this.fds.statuses.put(3, listening(SocketFamily.INET, WEB));
		this.fds.statuses.put(4, listening(SocketFamily.UNIX, UnixDomainSocketAddress.of("/run/app.sock")));
		ActivatedSockets sockets = activation(activated("2", "web.socket:admin")).collect();
		assertThat(sockets.asList()).extracting(ActivatedSocket::describe)
			.containsExactly("systemd socket 'web.socket' (fd 3) on 127.0.0.1:8080",
					"systemd socket 'admin' (fd 4) on /run/app.sock");
		assertThat(sockets.named("admin")).singleElement().extracting(ActivatedSocket::port).isEqualTo(-1);
		assertThat(sockets.named("web.socket")).singleElement().extracting(ActivatedSocket::port).isEqualTo(8080);
		assertThat(this.fds.adoptedFds).containsExactly(3, 4);
	}

	@Test
	void everyFdIsVerifiedBeforeAnyIsAdopted() {
		this.fds.statuses.put(3, listening(SocketFamily.INET, WEB));
		this.fds.statuses.put(4, FdStatus.notSocket("/dev/null"));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> activation(activated("2", null)).collect())
			.withMessageStartingWith("fd 4 ('unknown') from systemd is not a socket but '/dev/null'.");
		assertThat(this.fds.adoptedFds).isEmpty();
	}

	@Test
	void fdsNotSelectedByNameAreNeitherCheckedNorAdopted() {
		this.fds.statuses.put(3, FdStatus.socket(SocketType.DATAGRAM, SocketFamily.INET, "AF_INET", false, WEB, null));
		this.fds.statuses.put(4, listening(SocketFamily.INET, WEB));
		this.fds.statuses.put(5, FdStatus.notSocket("/memfd:state (deleted)"));
		ActivatedSockets sockets = activation(activated("3", "stats:web:stored"))
			.collect(ActivationSettings.defaults().withSocketNames(List.of("web")));
		assertThat(sockets.asList()).extracting(ActivatedSocket::describe)
			.containsExactly("systemd socket 'web' (fd 4) on 127.0.0.1:8080");
		assertThat(sockets.leftAlone()).extracting(InheritedFd::describe)
			.containsExactly("fd 3 ('stats') from systemd", "fd 5 ('stored') from systemd");
		assertThat(this.fds.inspected).containsExactly(4);
		assertThat(this.fds.adoptedFds).containsExactly(4);
	}

	@Test
	void selectedFdIsStillChecked() {
		this.fds.statuses.put(3, FdStatus.socket(SocketType.DATAGRAM, SocketFamily.INET, "AF_INET", false, WEB, null));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> activation(activated("1", "stats"))
				.collect(ActivationSettings.defaults().withSocketNames(List.of("stats"))))
			.withMessageStartingWith("fd 3 ('stats') from systemd is a datagram (SOCK_DGRAM) socket");
	}

	@Test
	void namesSelectingNoFdCollectNoSocketButSayWhatWasLeftAlone() {
		this.fds.statuses.put(3, listening(SocketFamily.INET, WEB));
		ActivatedSockets sockets = activation(activated("1", "app.socket"))
			.collect(ActivationSettings.defaults().withSocketNames(List.of("web")));
		assertThat(sockets.isEmpty()).isTrue();
		assertThat(sockets.leftAlone()).extracting(InheritedFd::fd).containsExactly(3);
		assertThat(this.fds.adoptedFds).isEmpty();
	}

	@Test
	void failedAdoptionClosesTheChannelsAlreadyAdopted() {
		this.fds.statuses.put(3, listening(SocketFamily.INET, WEB));
		this.fds.statuses.put(4, listening(SocketFamily.INET, WEB));
		this.fds.failingFd = 4;
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> activation(activated("2", null)).collect())
			.withMessageContaining("fd 4 ('unknown') from systemd cannot be adopted as a JDK channel");
		assertThat(this.fds.adopted).singleElement().satisfies((channel) -> assertThat(channel.isOpen()).isFalse());
	}

	@Test
	void ipv6SocketThatTheJvmCannotOpenSaysWhatToChange() {
		this.fds.statuses.put(3, listening(SocketFamily.INET6, new InetSocketAddress("::", 8080)));
		this.fds.unsupportedFamily = SocketFamily.INET6;
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> activation(activated("1", null)).collect())
			.withMessageStartingWith("fd 3 ('unknown') from systemd is an INET6 socket, which this JVM cannot open")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("java.net.preferIPv4Stack"));
	}

	@Test
	void collectingAgainAfterNoActivationFindsNothingAgain() {
		SocketActivation activation = activation(Map.of());
		assertThat(activation.collect().isEmpty()).isTrue();
		assertThat(activation.collect().isEmpty()).isTrue();
	}

	@Test
	void collectingAgainAfterAdoptionFails() {
		this.fds.statuses.put(3, listening(SocketFamily.INET, WEB));
		SocketActivation activation = activation(activated("1", null));
		activation.collect();
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(activation::collect)
			.withMessageContaining("were already collected: a process adopts its sockets once");
	}

	@Test
	void systemdComesBeforeLaunchdWhichIsNotAsked() {
		this.fds.statuses.put(3, listening(SocketFamily.INET, WEB));
		this.launchdAnswers.put("Socket", LaunchdAnswer.activated("Socket", List.of(7)));
		ActivatedSockets sockets = launchdActivation(activated("1", null)).collect();
		assertThat(sockets.asList()).extracting(ActivatedSocket::source).containsExactly(SocketSource.SYSTEMD);
		assertThat(this.launchdAsked).isEmpty();
	}

	@Test
	void launchdIsAskedWhenSystemdDidNotActivateThisProcess() {
		this.fds.statuses.put(7, listening(SocketFamily.INET, WEB));
		this.fds.statuses.put(8, listening(SocketFamily.INET6, new InetSocketAddress("::1", 8080)));
		this.launchdAnswers.put("Socket", LaunchdAnswer.activated("Socket", List.of(7, 8)));
		Map<String, String> otherProcess = Map.of("LISTEN_PID", "99", "LISTEN_FDS", "1");
		ActivatedSockets sockets = launchdActivation(otherProcess).collect();
		assertThat(sockets.asList()).extracting(ActivatedSocket::describe)
			.containsExactly("launchd socket 'Socket' (fd 7) on 127.0.0.1:8080",
					"launchd socket 'Socket' (fd 8) on [0:0:0:0:0:0:0:1]:8080");
		assertThat(sockets.summary()).isEqualTo("launchd Sockets 'Socket' (2 fds)");
		assertThat(this.fds.adoptedFds).containsExactly(7, 8);
	}

	@Test
	void launchdIsAskedForTheConfiguredNamesInOrder() {
		this.fds.statuses.put(5, listening(SocketFamily.INET, WEB));
		this.launchdAnswers.put("api", LaunchdAnswer.activated("api", List.of(5)));
		ActivatedSockets sockets = launchdActivation(Map.of())
			.collect(ActivationSettings.defaults().withLaunchdNames(List.of("web", "api")));
		assertThat(this.launchdAsked).containsExactly("web", "api");
		assertThat(sockets.named("api")).singleElement().extracting(ActivatedSocket::fd).isEqualTo(5);
	}

	@Test
	void launchdSocketOnPortZeroIsRefusedBeforeAnyIsAdopted() {
		this.fds.statuses.put(5, listening(SocketFamily.INET, WEB));
		this.fds.statuses.put(6, FdStatus.socket(SocketType.STREAM, SocketFamily.INET, "AF_INET", false,
				new InetSocketAddress("0.0.0.0", 0), null));
		this.launchdAnswers.put("Socket", LaunchdAnswer.activated("Socket", List.of(5, 6)));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> launchdActivation(Map.of()).collect())
			.withMessageStartingWith("fd 6 ('Socket') from launchd is bound to port 0 (0.0.0.0:0): the service "
					+ "manager could not bind the port it was asked for.");
		assertThat(this.fds.adoptedFds).isEmpty();
	}

	@Test
	void notActivatedByEitherSaysWhyForBoth() {
		ActivatedSockets sockets = launchdActivation(Map.of()).collect();
		assertThat(sockets.isEmpty()).isTrue();
		assertThat(sockets.summary()).isEqualTo("LISTEN_PID is not set; not started by launchd "
				+ "(launch_activate_socket answered ESRCH for Socket, listeners)");
	}

	@Test
	void launchdErrorFailsCollection() {
		this.launchdAnswers.put("Socket",
				LaunchdAnswer.error("Socket", Outcome.FAILED, 1, "EPERM (Operation not permitted)"));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> launchdActivation(Map.of()).collect())
			.withMessageStartingWith("launch_activate_socket(\"Socket\") failed with EPERM");
	}

	private SocketActivation activation(Map<String, String> variables) {
		return new SocketActivation(ActivationEnvironment.of(variables, 10, OptionalLong.empty()), this.fds,
				NO_LAUNCHD);
	}

	private SocketActivation launchdActivation(Map<String, String> variables) {
		return new SocketActivation(ActivationEnvironment.of(variables, 10, OptionalLong.empty()), this.fds,
				this.launchd);
	}

	private static Map<String, String> activated(String count, String names) {
		Map<String, String> variables = new HashMap<>(Map.of("LISTEN_PID", "10", "LISTEN_FDS", count));
		if (names != null) {
			variables.put("LISTEN_FDNAMES", names);
		}
		return variables;
	}

	private static FdStatus listening(SocketFamily family, SocketAddress address) {
		return FdStatus.socket(SocketType.STREAM, family, "AF_" + family, true, address, null);
	}

	private static final class FakeFileDescriptors implements FileDescriptors {

		private final Map<Integer, FdStatus> statuses = new HashMap<>();

		private final List<Integer> inspected = new ArrayList<>();

		private final List<Integer> adoptedFds = new ArrayList<>();

		private final List<ServerSocketChannel> adopted = new ArrayList<>();

		private int failingFd = -1;

		private @Nullable SocketFamily unsupportedFamily;

		@Override
		public FdStatus inspect(int fd) {
			this.inspected.add(fd);
			return this.statuses.getOrDefault(fd, FdStatus.closed());
		}

		@Override
		public ServerSocketChannel adopt(int fd, SocketFamily family) throws IOException {
			if (fd == this.failingFd) {
				throw new IOException("simulated failure");
			}
			if (family == this.unsupportedFamily) {
				// as ServerSocketChannel.open(INET6) under
				// -Djava.net.preferIPv4Stack=true
				throw new UnsupportedOperationException("IPv6 not available");
			}
			ServerSocketChannel channel = ServerSocketChannel.open();
			this.adopted.add(channel);
			this.adoptedFds.add(fd);
			return channel;
		}

	}

}
