package io.socketactivation.nativeio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.ActivationEnvironment;
import io.socketactivation.ActivationSettings;
import io.socketactivation.FdStatus;
import io.socketactivation.SocketActivation;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;
import io.socketactivation.launchd.LaunchdAnswer;
import io.socketactivation.launchd.LaunchdAnswer.Outcome;
import io.socketactivation.testsupport.LaunchdStandIn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The real launchd binding ({@code Native.load("System")}, marshalling, freeing, errno
 * mapping, caching) against the stand-in libSystem built from {@code src/test/c}, in this
 * JVM. Each test gets a fresh binding (a fresh per-process cache) and a freshly
 * configured stand-in.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the stand-in is a Linux shared library; macOS has the real libSystem")
class NativeLaunchdIntegrationTests {

	private StandInLibSystem standIn;

	private final NativeLaunchd launchd = new NativeLaunchd();

	private final List<Integer> handedOver = new ArrayList<>();

	private ActivatedSockets activated = ActivatedSockets.none("nothing yet");

	@BeforeEach
	void buildStandIn() {
		// per test, so that each is reported skipped with the reason where gcc is absent
		this.standIn = StandInLibSystem.load(LaunchdStandIn.build());
	}

	@AfterEach
	void closeWhatWasHandedOver() throws IOException {
		for (int fd : this.handedOver) {
			LibC.INSTANCE.close(fd);
		}
		for (ActivatedSocket socket : this.activated) {
			socket.channel().close();
		}
	}

	@Test
	void everySocketOfANameIsHandedOverAsAListeningFd(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		this.standIn.stand_in_configure("Socket=127.0.0.1:0,127.0.0.1:0,unix:" + path);
		LaunchdAnswer answer = activate("Socket");
		assertThat(answer.outcome()).isEqualTo(Outcome.ACTIVATED);
		assertThat(answer.errno()).isZero();
		assertThat(answer.fds()).hasSize(3).doesNotHaveDuplicates().allSatisfy((fd) -> assertThat(fd).isGreaterThan(2));
		List<FdStatus> statuses = new ArrayList<>();
		for (int fd : answer.fds()) {
			statuses.add(NativeFileDescriptors.INSTANCE.inspect(fd));
		}
		assertThat(statuses).allSatisfy((status) -> assertThat(status.listening()).isTrue())
			.extracting(FdStatus::family)
			.containsExactly(SocketFamily.INET, SocketFamily.INET, SocketFamily.UNIX);
		assertThat(statuses.get(2).address()).hasToString(path.toString());
	}

	@Test
	void theArrayIsCopiedThenFreedOnce() {
		this.standIn.stand_in_configure("Socket=127.0.0.1:0,127.0.0.1:0");
		assertThat(activate("Socket").fds()).hasSize(2);
		assertThat(this.standIn.stand_in_arrays()).isEqualTo(1);
		assertThat(this.standIn.stand_in_frees()).isEqualTo(1);
	}

	@Test
	void eachNameIsAskedOncePerProcessAndTheAnswerKept() {
		this.standIn.stand_in_configure("Socket=127.0.0.1:0;listeners=!ENOENT");
		LaunchdAnswer first = activate("Socket");
		assertThat(this.launchd.activateSocket("Socket")).isSameAs(first);
		assertThat(this.launchd.activateSocket("listeners")).isSameAs(this.launchd.activateSocket("listeners"));
		assertThat(this.standIn.stand_in_calls("Socket")).isEqualTo(1);
		assertThat(this.standIn.stand_in_calls("listeners")).isEqualTo(1);
		assertThat(this.standIn.stand_in_frees()).isEqualTo(1);
	}

	@Test
	void eAlreadyFromLaunchdMeansOtherCodeActivatedTheNameFirst() {
		this.standIn.stand_in_configure("Socket=127.0.0.1:0");
		activate("Socket");
		LaunchdAnswer second = new NativeLaunchd().activateSocket("Socket");
		assertThat(second.outcome()).isEqualTo(Outcome.ALREADY_ACTIVATED);
		assertThat(second.errno()).isEqualTo(114);
		assertThat(second.detail()).isEqualTo("EALREADY (Operation already in progress)");
		assertThat(second.fds()).isEmpty();
		assertThat(this.standIn.stand_in_calls("Socket")).isEqualTo(2);
	}

	@ParameterizedTest
	@CsvSource({ "ESRCH, NOT_MANAGED, 3, ESRCH (No such process)",
			"ENOENT, NOT_IN_PLIST, 2, ENOENT (No such file or directory)",
			"EALREADY, ALREADY_ACTIVATED, 114, EALREADY (Operation already in progress)",
			"EPERM, FAILED, 1, EPERM (Operation not permitted)", "EINVAL, FAILED, 22, EINVAL (Invalid argument)",
			"ENOTSUP, FAILED, 95, ENOTSUP (Operation not supported)" })
	void everyErrnoIsKeptAndMapped(String errno, Outcome outcome, int number, String detail) {
		this.standIn.stand_in_configure("Socket=!" + errno);
		LaunchdAnswer answer = activate("Socket");
		assertThat(answer).isEqualTo(LaunchdAnswer.error("Socket", outcome, number, detail));
		assertThat(this.standIn.stand_in_arrays()).isZero();
	}

	@Test
	void aNameMissingFromThePlistIsNotInPlist() {
		this.standIn.stand_in_configure("web=127.0.0.1:0");
		assertThat(activate("Socket").outcome()).isEqualTo(Outcome.NOT_IN_PLIST);
		assertThat(this.standIn.stand_in_unlisted_calls()).isEqualTo(1);
	}

	@Test
	void collectionAdoptsTheFdsOfEveryNameAsLaunchdSockets() throws Exception {
		this.standIn.stand_in_configure("Socket=127.0.0.1:0,127.0.0.1:0;listeners=127.0.0.1:0");
		this.activated = activation().collect(ActivationSettings.defaults());
		assertThat(this.activated.summary()).isEqualTo("launchd Sockets 'Socket' (2 fds), 'listeners' (1 fd)");
		assertThat(this.activated.asList()).extracting(ActivatedSocket::source).containsOnly(SocketSource.LAUNCHD);
		assertThat(this.activated.asList()).extracting(ActivatedSocket::name)
			.containsExactly("Socket", "Socket", "listeners");
		for (ActivatedSocket socket : this.activated) {
			assertThat(socket.port()).isPositive();
			try (SocketChannel client = SocketChannel.open((InetSocketAddress) socket.address());
					SocketChannel accepted = socket.channel().accept()) {
				assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
			}
		}
	}

	@Test
	void socketLaunchdCouldNotBindIsRefusedWithThePortZeroMessage() {
		this.standIn.stand_in_configure("Socket=unbound");
		SocketActivation activation = activation();
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> activation.collect(ActivationSettings.defaults()))
			.satisfies((ex) -> assertThat(ex.getDescription()).matches(
					"fd \\d+ \\('Socket'\\) from launchd is bound to port 0 \\(0\\.0\\.0\\.0:0\\): the service manager "
							+ "could not bind the port it was asked for\\."))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("SockServiceName"));
		this.handedOver.addAll(this.launchd.activateSocket("Socket").fds());
	}

	@Test
	void notStartedByLaunchdFallsThroughNamingTheAnswer() {
		this.standIn.stand_in_configure("*=!ESRCH");
		ActivatedSockets sockets = activation().collect(ActivationSettings.defaults());
		assertThat(sockets.isEmpty()).isTrue();
		assertThat(sockets.summary()).isEqualTo(
				"LISTEN_PID is not set; not started by launchd (launch_activate_socket answered ESRCH for Socket, "
						+ "listeners)");
	}

	private LaunchdAnswer activate(String name) {
		LaunchdAnswer answer = this.launchd.activateSocket(name);
		this.handedOver.addAll(answer.fds());
		return answer;
	}

	private SocketActivation activation() {
		return new SocketActivation(
				ActivationEnvironment.of(Map.of(), ProcessHandle.current().pid(), OptionalLong.empty()),
				NativeFileDescriptors.INSTANCE, this.launchd);
	}

}
