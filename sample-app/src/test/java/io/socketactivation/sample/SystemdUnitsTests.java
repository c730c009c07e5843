package io.socketactivation.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The systemd units under {@code deploy/systemd}: every file of the directory is one of
 * the variants' units, {@code systemd-analyze verify} has nothing to say about any of
 * them, {@code systemd-analyze security} rates each service's sandbox at most 2.0, and
 * what the starter and proxy-app rely on is in them (checked in Java, also where systemd
 * is absent).
 * <p>
 * {@code systemd-analyze verify} loads a unit as systemd would, without systemd running
 * (as here, where it is not PID 1). Unknown sections and keys and values it cannot parse
 * are reported on stderr while it still exits 0, so every line of its output that names
 * one of these units is a failure, whatever the exit code; it exits non-zero for an
 * {@code ExecStart=} executable that does not exist or a {@code Service=} naming no unit.
 * It looks for the units a unit refers to ({@code Requires=}, {@code Service=}) in the
 * unit's own directory.
 * <p>
 * The units run {@code /usr/bin/java}, which a machine building this project may not
 * have. So each unit is verified in a copy of the directory in which only the executable
 * of {@code ExecStart=} is replaced, when {@code /usr/bin/java} is not executable, by the
 * {@code java} of this JVM, on the same line (where {@code /usr/bin/java} exists the copy
 * is identical). {@code systemd-analyze --root=} is no way around it: it wants a whole
 * systemd installation under that root ({@code sysinit.target} and the rest).
 */
class SystemdUnitsTests {

	private static final Path DIRECTORY = Path.of("deploy", "systemd");

	private static final String JAVA = "/usr/bin/java";

	private static final String SAMPLE_APP_JAR = "/opt/sample-app/sample-app.jar";

	private static final String PROXY_APP_JAR = "/opt/proxy-app/proxy-app.jar";

	/** Exposure score of systemd-analyze security, times ten. */
	private static final int MAXIMUM_EXPOSURE = 20;

	@Test
	void directoryHoldsTheUnitsOfTheFourVariantsAndNothingElse() throws IOException {
		assertThat(units()).map((path) -> path.getFileName().toString())
			.containsExactlyInAnyOrder("sample-app.socket", "sample-app.service", "sample-app-unix.socket",
					"sample-app-unix.service", "sample-app-actuator.socket", "sample-app-actuator-management.socket",
					"sample-app-actuator.service", "sample-app-proxied.socket", "sample-app-proxied.service");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("units")
	void systemdAnalyzeVerifyReportsNothing(Path unit, @TempDir Path workDirectory) throws Exception {
		SystemdAnalyze analyze = SystemdAnalyze.assumeInstalled();
		Path copy = copyWithRunnableJava(workDirectory);
		SystemdAnalyze.Outcome outcome = analyze.run(workDirectory, "verify", "--man=no",
				copy.resolve(unit.getFileName()).toString());
		String description = outcome.describe(copy, DIRECTORY);
		assertThat(outcome.linesAbout(unitNames())).as(description).isEmpty();
		assertThat(outcome.exitCode()).as(description).isZero();
	}

	@Test
	void systemdAnalyzeVerifyReportsABrokenUnit(@TempDir Path workDirectory) throws Exception {
		SystemdAnalyze analyze = SystemdAnalyze.assumeInstalled();
		Path copy = copyWithRunnableJava(workDirectory);
		Path service = copy.resolve("sample-app.service");
		List<String> lines = new ArrayList<>(Files.readAllLines(service));
		int section = lines.indexOf("[Service]");
		assertThat(section).isNotNegative();
		lines.addAll(section + 1, List.of("RestartSecs=5", "ProtectSystem=sideways"));
		Files.write(service, lines);
		SystemdAnalyze.Outcome outcome = analyze.run(workDirectory, "verify", "--man=no", service.toString());
		// an unknown key and a bad value: systemd ignores both lines and, for these,
		// exits 0
		int unknownKey = section + 2;
		int badValue = section + 3;
		assertThat(outcome.linesAbout(unitNames())).as(outcome.describe(copy, DIRECTORY))
			.anySatisfy((line) -> assertThat(line).contains("sample-app.service:" + unknownKey + ":", "RestartSecs"))
			.anySatisfy((line) -> assertThat(line).contains("sample-app.service:" + badValue + ":", "sideways"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void systemdAnalyzeSecurityRatesTheSandboxAtMost2(Path service, @TempDir Path workDirectory) throws Exception {
		SystemdAnalyze analyze = SystemdAnalyze.assumeInstalled();
		Path copy = copyWithRunnableJava(workDirectory);
		SystemdAnalyze.Outcome outcome = analyze.run(workDirectory, "security", "--offline=true",
				"--threshold=" + MAXIMUM_EXPOSURE, "--no-pager", copy.resolve(service.getFileName()).toString());
		String description = outcome.describe(copy, DIRECTORY);
		Assumptions.assumeFalse(outcome.lines().stream().anyMatch((line) -> line.contains("unrecognized option")),
				() -> "systemd-analyze security --offline needs systemd 250 or later: " + description);
		assertThat(outcome.exitCode()).as(description).isZero();
		assertThat(outcome.lines()).as(description)
			.anyMatch((line) -> line.contains("Overall exposure level for " + service.getFileName()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sockets")
	void everySocketActivatesAServiceOfTheDirectoryThatRequiresIt(Path path) throws IOException {
		SystemdUnitFile socket = SystemdUnitFile.read(path);
		assertThat(socket.words("Socket.ListenStream")).isNotEmpty();
		Path servicePath = serviceActivatedBy(socket);
		assertThat(servicePath).as("the service %s activates", socket.name()).isRegularFile();
		SystemdUnitFile service = SystemdUnitFile.read(servicePath);
		assertThat(service.words("Unit.Requires")).contains(socket.name());
		assertThat(service.words("Unit.After")).contains(socket.name());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void everyServiceNotifiesAndStopsCleanly(Path path) throws IOException {
		SystemdUnitFile service = SystemdUnitFile.read(path);
		assertThat(service.value("Service.Type")).isEqualTo("notify");
		assertThat(service.value("Service.NotifyAccess")).isEqualTo("main");
		assertThat(service.words("Service.SuccessExitStatus")).contains("143");
		assertThat(service.value("Service.WatchdogSec")).isNotNull();
		assertThat(service.environment()).contains(entry("SOCKET_ACTIVATION_REQUIRED", "true"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void everyServiceRunsInASandboxThatSuitsTheJvm(Path path) throws IOException {
		SystemdUnitFile service = SystemdUnitFile.read(path);
		Map<String, String> expected = Map.ofEntries(entry("DynamicUser", "yes"), entry("ProtectSystem", "strict"),
				entry("ProtectHome", "yes"), entry("PrivateTmp", "yes"), entry("PrivateDevices", "yes"),
				entry("NoNewPrivileges", "yes"), entry("CapabilityBoundingSet", ""),
				entry("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"), entry("RestrictNamespaces", "yes"),
				entry("LockPersonality", "yes"), entry("ProtectKernelTunables", "yes"),
				entry("ProtectKernelModules", "yes"), entry("ProtectKernelLogs", "yes"),
				entry("ProtectControlGroups", "yes"), entry("ProtectClock", "yes"), entry("ProtectHostname", "yes"),
				entry("SystemCallArchitectures", "native"));
		expected.forEach((key, value) -> assertThat(service.value("Service." + key)).as(key).isEqualTo(value));
		// an allow list, which later lines may only take from (~): proxy-app's unit takes
		// io_uring away, which @system-service includes and neither JVM uses on epoll
		List<String> filters = service.assignments().getOrDefault("Service.SystemCallFilter", List.of());
		assertThat(filters).first().isEqualTo("@system-service");
		assertThat(filters.subList(1, filters.size())).allMatch((filter) -> filter.startsWith("~"));
		// the JIT compiler needs memory that is writable and executable
		assertThat(service.assignments()).doesNotContainKey("Service.MemoryDenyWriteExecute");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void everyServiceRunsSampleAppItselfOrAsProxyAppsChild(Path path) throws IOException {
		List<String> command = SystemdUnitFile.read(path).words("Service.ExecStart");
		assertThat(command).startsWith(JAVA);
		int sampleApp = command.lastIndexOf(SAMPLE_APP_JAR);
		assertThat(sampleApp).isPositive();
		assertThat(command.get(sampleApp - 1)).isEqualTo("-jar");
		assertThat(command.subList(sampleApp + 1, command.size())).as("sample-app's arguments")
			.allMatch((argument) -> argument.startsWith("--"));
		if (command.contains(PROXY_APP_JAR)) {
			int proxyApp = command.indexOf(PROXY_APP_JAR);
			assertThat(command.get(proxyApp - 1)).isEqualTo("-jar");
			assertThat(command.subList(proxyApp + 1, sampleApp + 1)).as("proxy-app's child")
				.startsWith(JAVA)
				.endsWith("-jar", SAMPLE_APP_JAR);
		}
		else {
			assertThat(command).containsOnlyOnce(JAVA);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void sampleAppShowsOnlyHealthWithoutDetailsOnAPublicSocket(Path path) throws IOException {
		SystemdUnitFile service = SystemdUnitFile.read(path);
		// variables and --arguments, by the name Spring Boot's relaxed binding compares
		Map<String, String> settings = new LinkedHashMap<>();
		service.environment().forEach((variable, value) -> settings.put(relaxed(variable), value));
		List<String> command = service.words("Service.ExecStart");
		for (String argument : command.subList(command.lastIndexOf(SAMPLE_APP_JAR) + 1, command.size())) {
			String[] property = argument.substring(2).split("=", 2);
			settings.put(relaxed(property[0]), property[1]);
		}
		if (settings.containsKey(relaxed("management.server.port"))) {
			// Actuator on a socket of its own (loopback only), and on loopback if it
			// ever bound a port itself
			assertThat(service.words("Unit.Requires")).anyMatch((unit) -> unit.endsWith("-management.socket"));
			assertThat(settings).contains(entry(relaxed("management.server.address"), "127.0.0.1"));
			return;
		}
		assertThat(settings).contains(entry(relaxed("management.endpoints.web.exposure.include"), "health"),
				entry(relaxed("management.endpoint.health.show-details"), "never"));
	}

	@Test
	void theProxiedVariantRunsSampleAppBehindProxyApp() throws IOException {
		SystemdUnitFile service = SystemdUnitFile.read(DIRECTORY.resolve("sample-app-proxied.service"));
		assertThat(service.words("Service.ExecStart")).contains(PROXY_APP_JAR);
		// proxy-app's bad setting: a restart cannot fix it
		assertThat(service.words("Service.RestartPreventExitStatus")).containsExactly("2");
		// io_uring taken away: neither JVM uses it on epoll
		assertThat(service.assignments().get("Service.SystemCallFilter")).contains("@system-service",
				"~io_uring_setup io_uring_enter io_uring_register");
	}

	@Test
	void theManagementSocketGoesToAServiceWithAManagementServerOfItsOwn() throws IOException {
		List<SystemdUnitFile> managementSockets = sockets().map(SystemdUnitsTests::read)
			.filter((socket) -> "management".equals(socket.value("Socket.FileDescriptorName")))
			.toList();
		assertThat(managementSockets).map(SystemdUnitFile::name)
			.containsExactly("sample-app-actuator-management.socket");
		for (SystemdUnitFile socket : managementSockets) {
			Map<String, String> environment = read(serviceActivatedBy(socket)).environment();
			// the starter refuses a management socket unless Actuator runs a server of
			// its own, which needs management.server.port other than server.port
			assertThat(environment).containsKey("MANAGEMENT_SERVER_PORT");
			assertThat(environment.get("MANAGEMENT_SERVER_PORT"))
				.isNotEqualTo(environment.getOrDefault("SERVER_PORT", "8080"));
		}
	}

	static Stream<Path> units() throws IOException {
		try (Stream<Path> files = Files.list(DIRECTORY)) {
			return files.sorted().toList().stream();
		}
	}

	static Stream<Path> sockets() throws IOException {
		return units().filter((path) -> path.toString().endsWith(".socket"));
	}

	static Stream<Path> services() throws IOException {
		return units().filter((path) -> path.toString().endsWith(".service"));
	}

	private static List<String> unitNames() throws IOException {
		return units().map((path) -> path.getFileName().toString()).toList();
	}

	/**
	 * Return the service a socket activates: {@code Service=}, else the socket's name
	 * with {@code .service}.
	 * @param socket the socket unit
	 * @return the path of the service in the directory
	 */
	private static Path serviceActivatedBy(SystemdUnitFile socket) {
		String service = socket.value("Socket.Service");
		return DIRECTORY.resolve((service != null) ? service : socket.name().replace(".socket", ".service"));
	}

	/**
	 * Return a property or environment variable name with only its letters and digits,
	 * upper case: {@code management.endpoint.health.show-details},
	 * {@code MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS} and
	 * {@code MANAGEMENT_ENDPOINT_HEALTH_SHOW_DETAILS} all bind the same property.
	 * @param name the name
	 * @return the name reduced
	 */
	private static String relaxed(String name) {
		return name.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
	}

	private static SystemdUnitFile read(Path path) {
		try {
			return SystemdUnitFile.read(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Copy every unit into a directory, replacing {@code ExecStart=}'s executable
	 * {@code /usr/bin/java} by this JVM's {@code java} when it is not executable here.
	 * @param workDirectory where to create the copy
	 * @return the directory of the copies
	 */
	private static Path copyWithRunnableJava(Path workDirectory) throws IOException {
		String java = Files.isExecutable(Path.of(JAVA)) ? JAVA
				: "\"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\"";
		Path copy = Files.createDirectory(workDirectory.resolve("systemd"));
		for (Path unit : units().toList()) {
			String text = Files.readString(unit).replace("\nExecStart=" + JAVA + " ", "\nExecStart=" + java + " ");
			Files.writeString(copy.resolve(unit.getFileName()), text);
		}
		return copy;
	}

}
