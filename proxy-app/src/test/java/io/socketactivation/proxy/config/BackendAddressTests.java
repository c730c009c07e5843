package io.socketactivation.proxy.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BackendAddressTests {

	@Test
	void tcpHostAndPort() {
		assertThat(BackendAddress.parseTcp("127.0.0.1:8000", "V")).isEqualTo(new BackendAddress.Tcp("127.0.0.1", 8000));
	}

	@Test
	void tcpIpv6InBrackets() {
		BackendAddress address = BackendAddress.parseTcp("[::1]:8000", "V");
		assertThat(address).isEqualTo(new BackendAddress.Tcp("::1", 8000));
		assertThat(address.display()).isEqualTo("[::1]:8000");
	}

	@Test
	void tcpWithoutPortNamesTheSetting() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> BackendAddress.parseTcp("localhost", "LAUNCH_PROGRAM_TCP_ADDRESS"))
			.withMessageStartingWith("LAUNCH_PROGRAM_TCP_ADDRESS='localhost' is not a TCP address.");
	}

	@Test
	void tcpPortOutOfRange() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> BackendAddress.parseTcp("host:65536", "LAUNCH_PROGRAM_TCP_ADDRESS"))
			.withMessageStartingWith("LAUNCH_PROGRAM_TCP_ADDRESS='host:65536' is not a TCP address.");
	}

	@Test
	void abstractNameLongerThanLinuxAllowsIsRefused() {
		String longest = "a".repeat(107);
		assertThat(BackendAddress.parseSocketPath("@" + longest, "V"))
			.isEqualTo(new BackendAddress.AbstractSocket(longest));
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> BackendAddress.parseSocketPath("@" + longest + "b", "LAUNCH_PROGRAM_SOCKET_PATH"))
			.withMessageStartingWith("LAUNCH_PROGRAM_SOCKET_PATH='@aaa")
			.withMessageContaining("names an abstract socket of 108 bytes; Linux allows at most 107.");
	}

	@Test
	void abstractName() {
		assertThat(BackendAddress.parseSocketPath("@app", "V")).isEqualTo(new BackendAddress.AbstractSocket("app"));
	}

	@Test
	void pathTooLongForMacOs() {
		String path = "/" + "d".repeat(103);
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> BackendAddress.parseSocketPath(path, "LAUNCH_PROGRAM_SOCKET_PATH"))
			.withMessageContaining("is 104 bytes long; a Unix socket path may have at most 103.");
	}

}
