package io.socketactivation.systemd;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.socketactivation.ActivationEnvironment;
import io.socketactivation.InheritedFd;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SystemdListenFdsTests {

	private static final long PID = 4242;

	@Test
	void listenPidAbsentIsNotActivated() {
		SystemdActivation activation = read(Map.of("LISTEN_FDS", "1"));
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).isEqualTo("LISTEN_PID is not set");
	}

	@Test
	void listenPidOfAnotherProcessIsNotActivatedAndHintsAtWrapperScripts() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4241", "LISTEN_FDS", "1"));
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).startsWith("LISTEN_PID=4241 names another process (this one is 4242).")
			.contains("exec java");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "-1", "+4242", " 4242", "4242 ", "0x1092", "0", "2147483648",
			"99999999999999999999999" })
	void malformedListenPidIsAnErrorNamingVariableAndValue(String value) {
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> read(Map.of("LISTEN_PID", value, "LISTEN_FDS", "1")))
			.withMessageStartingWith("LISTEN_PID='" + value + "' is malformed");
	}

	@Test
	void listenFdsAbsentIsNotActivated() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4242"));
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).contains("LISTEN_FDS is not set");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "0", "-1", "two", "1.0", " 1", "2147483645", "18446744073709551616" })
	void malformedZeroOrOverflowingListenFdsIsAnError(String value) {
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> read(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", value)))
			.withMessageStartingWith("LISTEN_FDS='" + value + "' is malformed");
	}

	@Test
	void moreFdsThanAProcessIsHandedIsAnErrorNotAHeapFull() {
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> read(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2147483000")))
			.withMessageStartingWith("LISTEN_FDS='2147483000' is more fds than a process is handed (at most 65536).");
		assertThat(read(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "65536")).fds()).hasSize(65536)
			.last()
			.isEqualTo(new InheritedFd(SocketSource.SYSTEMD, 65538, "unknown"));
	}

	@Test
	void fdsStartAtThreeAndAreNamedUnknownWithoutNames() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2"));
		assertThat(activation.fds()).containsExactly(new InheritedFd(SocketSource.SYSTEMD, 3, "unknown"),
				new InheritedFd(SocketSource.SYSTEMD, 4, "unknown"));
		assertThat(activation.reason()).isEqualTo("LISTEN_FDS=2");
	}

	@Test
	void namesAreSplitOnColonsKeepingEmptyEntries() {
		SystemdActivation activation = read(
				Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "3", "LISTEN_FDNAMES", "web.socket::management"));
		assertThat(activation.fds()).extracting(InheritedFd::name).containsExactly("web.socket", "", "management");
		assertThat(activation.fds()).extracting(InheritedFd::fd).containsExactly(3, 4, 5);
	}

	@Test
	void emptyNamesVariableNamesTheOnlyFdWithTheEmptyName() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "1", "LISTEN_FDNAMES", ""));
		assertThat(activation.fds()).extracting(InheritedFd::name).containsExactly("");
	}

	@Test
	void nameCountDifferentFromFdCountIsAnError() {
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> read(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "web")))
			.withMessageStartingWith("LISTEN_FDNAMES='web' has 1 names but LISTEN_FDS=2.");
	}

	@Test
	void pidfdIdOfAnotherProcessIsNotActivated() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4242", "LISTEN_PIDFDID", "77", "LISTEN_FDS", "1"),
				OptionalLong.of(78));
		assertThat(activation.isActivated()).isFalse();
		assertThat(activation.reason()).startsWith("LISTEN_PIDFDID=77 names another process");
	}

	@Test
	void matchingPidfdIdIsActivated() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4242", "LISTEN_PIDFDID", "77", "LISTEN_FDS", "1"),
				OptionalLong.of(77));
		assertThat(activation.isActivated()).isTrue();
	}

	@Test
	void unreadableOwnPidfdIdSkipsTheCheck() {
		SystemdActivation activation = read(Map.of("LISTEN_PID", "4242", "LISTEN_PIDFDID", "77", "LISTEN_FDS", "1"),
				OptionalLong.empty());
		assertThat(activation.isActivated()).isTrue();
	}

	@Test
	void pidfdIdIsReadAsAnUnsigned64BitNumber() {
		SystemdActivation activation = read(
				Map.of("LISTEN_PID", "4242", "LISTEN_PIDFDID", "18446744073709551615", "LISTEN_FDS", "1"),
				OptionalLong.of(-1));
		assertThat(activation.isActivated()).isTrue();
	}

	@Test
	void malformedPidfdIdIsAnError() {
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> read(Map.of("LISTEN_PID", "4242", "LISTEN_PIDFDID", "x7", "LISTEN_FDS", "1")))
			.withMessageStartingWith("LISTEN_PIDFDID='x7' is malformed");
	}

	@Test
	void variablesAreRemovedWhenActivated() {
		assertVariablesRemovedAfterReading(
				Map.of("LISTEN_PID", "4242", "LISTEN_PIDFDID", "7", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "web"));
	}

	@Test
	void variablesAreRemovedWhenNotActivated() {
		assertVariablesRemovedAfterReading(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "web"));
	}

	@Test
	void variablesAreRemovedWhenMalformed() {
		assertVariablesRemovedAfterReading(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "x", "LISTEN_FDNAMES", "web"));
	}

	@Test
	void secondReadFindsNothingAsTheVariablesAreConsumed() {
		ActivationEnvironment environment = environment(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "1"),
				OptionalLong.empty());
		assertThat(SystemdListenFds.read(environment).isActivated()).isTrue();
		assertThat(SystemdListenFds.read(environment).isActivated()).isFalse();
	}

	private void assertVariablesRemovedAfterReading(Map<String, String> variables) {
		Map<String, String> withOthers = new HashMap<>(variables);
		withOthers.put("HOME", "/root");
		ActivationEnvironment environment = environment(withOthers, OptionalLong.empty());
		try {
			SystemdListenFds.read(environment);
		}
		catch (SocketActivationException ex) {
			// removal is checked whatever the outcome
		}
		for (String name : List.of("LISTEN_PID", "LISTEN_PIDFDID", "LISTEN_FDS", "LISTEN_FDNAMES")) {
			assertThat(environment.get(name)).as(name).isNull();
		}
		assertThat(environment.get("HOME")).isEqualTo("/root");
	}

	private static SystemdActivation read(Map<String, String> variables) {
		return read(variables, OptionalLong.empty());
	}

	private static SystemdActivation read(Map<String, String> variables, OptionalLong pidfdId) {
		return SystemdListenFds.read(environment(variables, pidfdId));
	}

	private static ActivationEnvironment environment(Map<String, String> variables, OptionalLong pidfdId) {
		return ActivationEnvironment.of(variables, PID, pidfdId);
	}

}
