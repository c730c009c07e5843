package io.socketactivation.proxy.config;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.socketactivation.proxy.config.ProxyProperties.Overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxySettingsTests {

	private static ProxySettings load(Map<String, String> commandLine, Map<String, String> environment) {
		return ProxySettings.load(commandLine, new Properties(), environment);
	}

	@Test
	void defaults() {
		ProxySettings settings = load(Map.of(), Map.of());
		ProxyProperties properties = settings.properties();
		assertThat(settings.backend()).isNull();
		assertThat(properties.getSocketName()).isEqualTo("Socket");
		assertThat(properties.getConnections().getMax()).isEqualTo(256);
		assertThat(properties.getConnections().getOverflow()).isEqualTo(Overflow.REFUSE);
		assertThat(properties.getBackend().getConnectTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getChild().getStopTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void launchSocketServerVariablesSetTheProperties() {
		ProxySettings settings = load(Map.of(),
				Map.of("LAUNCH_DAEMON_SOCKET_NAME", "listeners", "LAUNCH_PROGRAM_SOCKET_PATH", "/run/app.sock"));
		assertThat(settings.properties().getSocketName()).isEqualTo("listeners");
		assertThat(settings.backend()).isEqualTo(new BackendAddress.UnixSocket("/run/app.sock"));
		assertThat(settings.backendSetting()).isEqualTo("LAUNCH_PROGRAM_SOCKET_PATH");
	}

	@Test
	void tcpAddressWinsOverSocketPath() {
		ProxySettings settings = load(Map.of(),
				Map.of("LAUNCH_PROGRAM_SOCKET_PATH", "/run/app.sock", "LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:8000"));
		assertThat(settings.backend()).isEqualTo(new BackendAddress.Tcp("127.0.0.1", 8000));
	}

	@Test
	void tcpAddressWinsOverSocketPathGivenTheSameWay() {
		ProxySettings settings = load(
				Map.of("proxy.backend.socket-path", "/run/app.sock", "proxy.backend.tcp-address", "127.0.0.1:8000"),
				Map.of());
		assertThat(settings.backend()).isEqualTo(new BackendAddress.Tcp("127.0.0.1", 8000));
		assertThat(settings.backendSetting()).isEqualTo("proxy.backend.tcp-address");
	}

	@Test
	void socketPathPropertyWinsOverTcpAddressVariable() {
		ProxySettings settings = load(Map.of("proxy.backend.socket-path", "/run/app.sock"),
				Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:8000"));
		assertThat(settings.backend()).isEqualTo(new BackendAddress.UnixSocket("/run/app.sock"));
		assertThat(settings.backendSetting()).isEqualTo("proxy.backend.socket-path");
	}

	@Test
	void socketPathInTheEnvironmentWinsOverTcpAddressVariable() {
		ProxySettings settings = load(Map.of(),
				Map.of("PROXY_BACKEND_SOCKETPATH", "/run/app.sock", "LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:8000"));
		assertThat(settings.backend()).isEqualTo(new BackendAddress.UnixSocket("/run/app.sock"));
	}

	@Test
	void tcpAddressOnTheCommandLineWinsOverSocketPathInTheEnvironment() {
		ProxySettings settings = load(Map.of("proxy.backend.tcp-address", "127.0.0.1:8000"),
				Map.of("PROXY_BACKEND_SOCKETPATH", "/run/app.sock"));
		assertThat(settings.backend()).isEqualTo(new BackendAddress.Tcp("127.0.0.1", 8000));
	}

	@Test
	void propertyWinsOverLaunchVariableAndIsNamedInErrors() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> load(Map.of("proxy.backend.tcp-address", "nope"),
					Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:8000")))
			.withMessageStartingWith("proxy.backend.tcp-address='nope' is not a TCP address.");
	}

	@Test
	void environmentPropertiesAreRelaxed() {
		ProxySettings settings = load(Map.of(),
				Map.of("PROXY_CONNECTIONS_MAX", "7", "PROXY_CONNECTIONS_IDLE_TIMEOUT", "5s"));
		assertThat(settings.properties().getConnections().getMax()).isEqualTo(7);
		assertThat(settings.properties().getConnections().getIdleTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void invalidValueNamesThePropertyAndWhereItCameFrom() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> load(Map.of(), Map.of("PROXY_CONNECTIONS_MAX", "many")))
			.withMessageStartingWith("proxy.connections.max='many' (from \"PROXY_CONNECTIONS_MAX\" from property "
					+ "source \"systemEnvironment\") is invalid: For input string: \"many\".");
	}

	@Test
	void nonPositiveDurationIsRefused() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> load(Map.of("proxy.backend.connect-timeout", "0s"), Map.of()))
			.withMessageContaining("proxy.backend.connect-timeout must be positive");
	}

	@Test
	void threadsDefaultToOnePerProcessor() {
		ProxySettings settings = load(Map.of(), Map.of());
		assertThat(settings.properties().getThreads()).isNull();
		assertThat(settings.properties().threadsOrDefault()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(load(Map.of("proxy.threads", "3"), Map.of()).properties().threadsOrDefault()).isEqualTo(3);
	}

	@Test
	void noThreadsIsRefused() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> load(Map.of(), Map.of("PROXY_THREADS", "0")))
			.withMessageContaining("proxy.threads must be at least 1, not 0");
	}

	@Test
	void drainTimeoutDefaultsToTenSecondsAndMayBeZeroButNotNegative() {
		assertThat(load(Map.of(), Map.of()).properties().getConnections().getDrainTimeout())
			.isEqualTo(Duration.ofSeconds(10));
		assertThat(load(Map.of("proxy.connections.drain-timeout", "0s"), Map.of()).properties()
			.getConnections()
			.getDrainTimeout()).isZero();
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> load(Map.of("proxy.connections.drain-timeout", "-1s"), Map.of()))
			.withMessageContaining("proxy.connections.drain-timeout must not be negative");
	}

}
