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
import org.junit.jupiter.api.Test;

import io.socketactivation.FdStatus.SocketType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketActivationTests {

	private static final InetSocketAddress WEB = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);

	private final FakeFileDescriptors fds = new FakeFileDescriptors();

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

	private SocketActivation activation(Map<String, String> variables) {
		return new SocketActivation(ActivationEnvironment.of(variables, 10, OptionalLong.empty()), this.fds);
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

		private final List<Integer> adoptedFds = new ArrayList<>();

		private final List<ServerSocketChannel> adopted = new ArrayList<>();

		private int failingFd = -1;

		@Override
		public FdStatus inspect(int fd) {
			return this.statuses.getOrDefault(fd, FdStatus.closed());
		}

		@Override
		public ServerSocketChannel adopt(int fd, SocketFamily family) throws IOException {
			if (fd == this.failingFd) {
				throw new IOException("simulated failure");
			}
			ServerSocketChannel channel = ServerSocketChannel.open();
			this.adopted.add(channel);
			this.adoptedFds.add(fd);
			return channel;
		}

	}

}
