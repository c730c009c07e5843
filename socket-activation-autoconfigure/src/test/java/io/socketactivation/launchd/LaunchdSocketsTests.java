package io.socketactivation.launchd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.socketactivation.InheritedFd;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketSource;
import io.socketactivation.launchd.LaunchdAnswer.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LaunchdSocketsTests {

	private static final List<String> DEFAULT_NAMES = List.of("Socket", "listeners");

	private final FakeLaunchd launchd = new FakeLaunchd();

	@Test
	void everyFdOfEveryNameFoundIsHandedOverInNameOrder() {
		this.launchd.answers.put("Socket", LaunchdAnswer.activated("Socket", List.of(5, 6)));
		this.launchd.answers.put("listeners", LaunchdAnswer.activated("listeners", List.of(7)));
		LaunchdActivation activation = LaunchdSockets.read(this.launchd, DEFAULT_NAMES);
		assertThat(activation.isActivated()).isTrue();
		assertThat(activation.fds()).containsExactly(new InheritedFd(SocketSource.LAUNCHD, 5, "Socket"),
				new InheritedFd(SocketSource.LAUNCHD, 6, "Socket"),
				new InheritedFd(SocketSource.LAUNCHD, 7, "listeners"));
		assertThat(activation.reason()).isEqualTo("launchd Sockets 'Socket' (2 fds), 'listeners' (1 fd)");
	}

	@Test
	void homebrewsListenersIsFoundWhenSocketIsNotInThePlist() {
		this.launchd.answers.put("Socket", notInPlist("Socket"));
		this.launchd.answers.put("listeners", LaunchdAnswer.activated("listeners", List.of(4)));
		LaunchdActivation activation = LaunchdSockets.read(this.launchd, DEFAULT_NAMES);
		assertThat(activation.fds()).containsExactly(new InheritedFd(SocketSource.LAUNCHD, 4, "listeners"));
		assertThat(this.launchd.asked).containsExactly("Socket", "listeners");
	}

	@Test
	void esrchForOneNameDoesNotStopTheSearch() {
		this.launchd.answers.put("Socket", notManaged("Socket"));
		this.launchd.answers.put("listeners", LaunchdAnswer.activated("listeners", List.of(4)));
		assertThat(LaunchdSockets.read(this.launchd, DEFAULT_NAMES).fds()).hasSize(1);
	}

	@Test
	void esrchForEveryNameIsNotStartedByLaunchd() {
		LaunchdActivation activation = LaunchdSockets.read(this.launchd, DEFAULT_NAMES);
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.available()).isTrue();
		assertThat(activation.reason())
			.isEqualTo("not started by launchd (launch_activate_socket answered ESRCH for Socket, listeners)");
	}

	@Test
	void namesMissingFromThePlistAreNamedInTheReason() {
		this.launchd.answers.put("web", notInPlist("web"));
		this.launchd.answers.put("api", notManaged("api"));
		LaunchdActivation activation = LaunchdSockets.read(this.launchd, List.of("web", "api"));
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).isEqualTo("started by launchd, but its plist's Sockets has none of the names "
				+ "tried (web, api; set socket-activation.launchd.names to the plist's socket name)");
	}

	@Test
	void unavailableLaunchdIsAskedOnceAndSaysWhy() {
		this.launchd.answers.put("Socket", LaunchdAnswer.unavailable("Socket", "no libSystem on Linux"));
		LaunchdActivation activation = LaunchdSockets.read(this.launchd, DEFAULT_NAMES);
		assertThat(activation.available()).isFalse();
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).isEqualTo("launchd is not available: no libSystem on Linux");
		assertThat(this.launchd.asked).containsExactly("Socket");
	}

	@Test
	void anyOtherErrnoFailsNamingTheSocketAndTheError() {
		this.launchd.answers.put("listeners",
				LaunchdAnswer.error("listeners", Outcome.FAILED, 1, "EPERM (Operation not permitted)"));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> LaunchdSockets.read(this.launchd, DEFAULT_NAMES))
			.satisfies((ex) -> assertThat(ex.getDescription())
				.isEqualTo("launch_activate_socket(\"listeners\") failed with EPERM (Operation not permitted)."))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("Sockets entry 'listeners'")
				.contains("socket-activation.launchd.names"));
	}

	@Test
	void socketsTakenByAnotherCallerAreNotActivationButSaidSo() {
		this.launchd.answers.put("Socket", LaunchdAnswer.error("Socket", Outcome.ALREADY_ACTIVATED, 37,
				"EALREADY (Operation already in progress)"));
		this.launchd.answers.put("listeners", notInPlist("listeners"));
		LaunchdActivation activation = LaunchdSockets.read(this.launchd, DEFAULT_NAMES);
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).isEqualTo("launchd answered EALREADY for Socket: another caller took those "
				+ "sockets first (other code in this process, or a proxy such as proxy-app whose child this process is)");
	}

	@Test
	void anErrorFailsEvenWhenAnotherNameHandedSocketsOver() {
		this.launchd.answers.put("Socket", LaunchdAnswer.activated("Socket", List.of(5)));
		this.launchd.answers.put("listeners",
				LaunchdAnswer.error("listeners", Outcome.FAILED, 22, "EINVAL (Invalid argument)"));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> LaunchdSockets.read(this.launchd, DEFAULT_NAMES))
			.withMessageContaining("EINVAL");
	}

	private static LaunchdAnswer notManaged(String name) {
		return LaunchdAnswer.error(name, Outcome.NOT_MANAGED, 3, "ESRCH (No such process)");
	}

	private static LaunchdAnswer notInPlist(String name) {
		return LaunchdAnswer.error(name, Outcome.NOT_IN_PLIST, 2, "ENOENT (No such file or directory)");
	}

	/**
	 * Answers from a map; ESRCH for any other name, as outside launchd.
	 */
	static final class FakeLaunchd implements Launchd {

		final Map<String, LaunchdAnswer> answers = new HashMap<>();

		final List<String> asked = new ArrayList<>();

		@Override
		public LaunchdAnswer activateSocket(String name) {
			this.asked.add(name);
			return this.answers.getOrDefault(name, notManaged(name));
		}

	}

}
