package io.socketactivation.proxy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.apache.commons.logging.impl.Slf4jLogFactory;
import org.junit.jupiter.api.Test;

import io.socketactivation.proxy.config.ProxySettings;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyApplicationTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(Map<String, String> environment, String... args) {
		return ProxyApplication.run(args, environment, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void nettyRecordsNothingAndTracksNoBufferByDefault() {
		Properties system = new Properties();
		ProxyApplication.applyNettyDefaults(system);
		assertThat(system).containsEntry("io.netty.jfr.enabled", "false")
			.containsEntry("io.netty.leakDetection.level", "disabled");
	}

	@Test
	void nettyPropertiesGivenToTheJvmAreKept() {
		Properties system = new Properties();
		system.setProperty("io.netty.jfr.enabled", "true");
		system.setProperty("io.netty.leakDetection.level", "paranoid");
		ProxyApplication.applyNettyDefaults(system);
		assertThat(system).containsEntry("io.netty.jfr.enabled", "true")
			.containsEntry("io.netty.leakDetection.level", "paranoid");
		Properties legacy = new Properties();
		legacy.setProperty("io.netty.leakDetectionLevel", "advanced");
		ProxyApplication.applyNettyDefaults(legacy);
		assertThat(legacy).doesNotContainKey("io.netty.leakDetection.level");
	}

	@Test
	void commonsLoggingGoesStraightToSlf4jUnlessTheJvmWasToldOtherwise() {
		Properties system = new Properties();
		ProxyApplication.applyCommonsLoggingDefault(system);
		assertThat(system).containsEntry(ProxyApplication.COMMONS_LOGGING_FACTORY,
				"org.apache.commons.logging.impl.Slf4jLogFactory");
		Properties given = new Properties();
		given.setProperty(ProxyApplication.COMMONS_LOGGING_FACTORY, "org.apache.commons.logging.impl.LogFactoryImpl");
		ProxyApplication.applyCommonsLoggingDefault(given);
		assertThat(given).containsEntry(ProxyApplication.COMMONS_LOGGING_FACTORY,
				"org.apache.commons.logging.impl.LogFactoryImpl");
		// the factory named exists in the Commons Logging on the class path
		assertThat(Slf4jLogFactory.class.getName())
			.isEqualTo(system.getProperty(ProxyApplication.COMMONS_LOGGING_FACTORY));
	}

	@Test
	void noArgumentsPrintsUsageAndExitsWithOne() {
		assertThat(run(Map.of())).isEqualTo(1);
		assertThat(err()).isEqualTo(ProxyApplication.USAGE + System.lineSeparator());
	}

	@Test
	void unknownOptionIsOneLineAndExitsWithOne() {
		assertThat(run(Map.of(), "--frobnicate", "-")).isEqualTo(1);
		assertThat(err()).startsWith("proxy-app: unknown option '--frobnicate'; usage: ").hasLineCount(1);
	}

	@Test
	void misspeltSettingIsAnUnknownOptionNotIgnored() {
		assertThat(run(Map.of(), "--proxy.conections.max=10", "--proxy.threads=1", "-")).isEqualTo(1);
		assertThat(err()).startsWith("proxy-app: unknown option '--proxy.conections.max' (no such setting")
			.hasLineCount(1);
	}

	@Test
	void everyKnownSettingIsAcceptedOnTheCommandLine() {
		assertThat(
				ProxySettings.unknownProperties(Map.of("proxy.connections.max", "10", "proxy.backend.connect-timeout",
						"1s", "proxy.management.allow-non-loopback", "true", "proxy.threads", "x")))
			.isEmpty();
	}

	@Test
	void versionPrintsTheVersion() {
		assertThat(run(Map.of(), "--version")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("proxy-app ")
			.doesNotContain("unknown")
			.hasLineCount(1);
		assertThat(err()).isEmpty();
	}

	@Test
	void helpPrintsTheUsageOnStandardOutput() {
		assertThat(run(Map.of(), "--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).startsWith("usage: proxy-app ");
		assertThat(err()).isEmpty();
	}

	@Test
	void dashWithoutBackendNamesTheVariablesAndExitsWithTwo() {
		assertThat(run(Map.of(), "-")).isEqualTo(2);
		assertThat(err()).startsWith("proxy-app: No backend:")
			.contains("LAUNCH_PROGRAM_SOCKET_PATH")
			.contains("LAUNCH_PROGRAM_TCP_ADDRESS")
			.hasLineCount(1);
	}

	@Test
	void badTcpAddressNamesTheVariable() {
		assertThat(run(Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "localhost"), "-")).isEqualTo(2);
		assertThat(err()).startsWith("proxy-app: LAUNCH_PROGRAM_TCP_ADDRESS='localhost' is not a TCP address.")
			.hasLineCount(1);
	}

	@Test
	void invalidPropertyNamesTheProperty() {
		assertThat(run(Map.of(), "--proxy.connections.max=0", "-")).isEqualTo(2);
		assertThat(err()).startsWith("proxy-app: proxy.connections.max='0'")
			.contains("must be at least 1")
			.hasLineCount(1);
	}

	@Test
	void managementAddressThatIsNotLoopbackIsRefusedUnlessAllowed() {
		Map<String, String> backend = Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:9");
		assertThat(run(backend, "--proxy.management.address=0.0.0.0:9000", "-")).isEqualTo(2);
		assertThat(err()).startsWith("proxy-app: proxy.management.address='0.0.0.0:9000' is not a loopback address")
			.contains("proxy.management.allow-non-loopback=true")
			.hasLineCount(1);
		this.err.reset();
		// allowed, or loopback: refused later, for want of an activated socket
		assertThat(run(backend, "--proxy.management.address=0.0.0.0:9000", "--proxy.management.allow-non-loopback=true",
				"-"))
			.isEqualTo(2);
		assertThat(err()).contains("was not handed any socket");
		this.err.reset();
		assertThat(run(backend, "--proxy.management.address=localhost:9000", "-")).isEqualTo(2);
		assertThat(err()).contains("was not handed any socket");
	}

	@Test
	void notActivatedSaysHowToStartIt() {
		assertThat(run(Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:9"), "-")).isEqualTo(2);
		assertThat(err()).startsWith("proxy-app: proxy-app was not handed any socket: LISTEN_PID is not set.")
			.contains("systemd-socket-activate")
			.hasLineCount(1);
	}

}
