package io.socketactivation.launchd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.socketactivation.testapp.reactive.ReactiveTestApplication;
import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.LaunchdStandIn;
import io.socketactivation.testsupport.Servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A Spring Boot application in a child JVM serving (with Tomcat; the first test with
 * every server) the sockets the stand-in libSystem hands over, found through the real
 * binding on the child's {@code jna.library.path}; what the stand-in answers comes from
 * {@value LaunchdStandIn#SPEC_VARIABLE}.
 *
 * @author socket-activation contributors
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the stand-in is a Linux shared library; macOS has the real libSystem")
class LaunchdSocketActivationIntegrationTests {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	private int port;

	@BeforeEach
	void buildStandInAndChoosePort() {
		// per test, so that each is reported skipped with the reason where gcc is absent
		LaunchdStandIn.build();
		this.port = Commands.freePort();
	}

	@ParameterizedTest
	@EnumSource
	void everySocketOfTheNameIsServedOnItsPort(Server server) throws Exception {
		assumeIpv6Loopback();
		List<String> command = app(server.exclusions, server.mainClass);
		ChildProcess app = start(command, "Socket=127.0.0.1:" + this.port + ",[::1]:" + this.port);
		app.awaitOutput("Started " + server.mainClass.getSimpleName(), START_TIMEOUT);
		HttpResponse<String> ipv4 = Http.get(url("127.0.0.1"), START_TIMEOUT);
		assertThat(ipv4.statusCode()).isEqualTo(200);
		assertThat(ipv4.body())
			.contains("port=" + this.port + " webServerPort=" + this.port + " local.server.port=" + this.port);
		HttpResponse<String> ipv6 = Http.get(url("[::1]"), START_TIMEOUT);
		assertThat(ipv6.statusCode()).isEqualTo(200);
		// Jetty writes the IPv6 address in brackets
		assertThat(ipv6.body()).containsPattern("local=\\[?0:0:0:0:0:0:0:1]? port=" + this.port + " ");
		assertThat(app.output()).containsOnlyOnce("launch_activate_socket(\"Socket\") = 0")
			.containsPattern("Adopted launchd socket 'Socket' \\(fd \\d+\\) on 127\\.0\\.0\\.1:" + this.port)
			.containsPattern("Adopted launchd socket 'Socket' \\(fd \\d+\\) on \\[0:0:0:0:0:0:0:1\\]:" + this.port)
			.containsOnlyOnce("launch_activate_socket(\"listeners\") = 2");
	}

	@Test
	void namesComeFromTheProperty() throws Exception {
		ChildProcess app = start("web=127.0.0.1:" + this.port + ";Socket=!EPERM",
				"--socket-activation.launchd.names=web");
		app.awaitOutput("Started TestWebApplication", START_TIMEOUT);
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).body()).contains("port=" + this.port);
		assertThat(app.output()).contains("Adopted launchd socket 'web'")
			.doesNotContain("launch_activate_socket(\"Socket\")");
	}

	@Test
	void socketLaunchdCouldNotBindFailsStartUpSayingSo() throws Exception {
		ChildProcess app = start("Socket=unbound");
		assertThat(app.awaitExit(START_TIMEOUT)).isNotZero();
		assertThat(app.output()).contains("APPLICATION FAILED TO START")
			.containsPattern(
					"fd \\d+ \\('Socket'\\) from launchd is bound to port 0 \\(0\\.0\\.0\\.0:0\\): the service "
							+ "manager could not bind the port it was asked for\\.")
			.doesNotContain("Tomcat started on port");
	}

	@Test
	void requiredActivationNamesTheNamesTriedWhenNoneIsInThePlist() throws Exception {
		ChildProcess app = start("other=127.0.0.1:" + this.port, "--socket-activation.required=true");
		assertThat(app.awaitExit(START_TIMEOUT)).isNotZero();
		assertThat(app.output()).contains("APPLICATION FAILED TO START")
			.contains("socket-activation.required is true but this process was not socket-activated: "
					+ "LISTEN_PID is not set; started by launchd, but its plist's Sockets has none of the names "
					+ "tried (Socket, listeners;")
			.contains("launchd plist whose Sockets has one of socket-activation.launchd.names");
	}

	@Test
	void systemdComesFirstAndLaunchdIsNotAsked() throws Exception {
		int launchdPort = Commands.freePort();
		List<String> command = Commands.fdLauncher(List.of("--fd", "tcp:127.0.0.1:" + this.port), app());
		ChildProcess app = start(command, "Socket=127.0.0.1:" + launchdPort);
		app.awaitOutput("Started TestWebApplication", START_TIMEOUT);
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).body()).contains("port=" + this.port);
		assertThat(app.output()).contains("Adopted systemd socket 'unknown' (fd 3) on 127.0.0.1:" + this.port)
			.doesNotContain("launch_activate_socket(");
	}

	@Test
	void launchdComesBeforeLaunchProgramSocketPath(@TempDir Path directory) throws Exception {
		Path programSocket = directory.resolve("app.sock");
		ChildProcess app = start(app(), Map.of(LaunchdStandIn.SPEC_VARIABLE, "Socket=127.0.0.1:" + this.port,
				"LAUNCH_PROGRAM_SOCKET_PATH", programSocket.toString()));
		app.awaitOutput("Started TestWebApplication", START_TIMEOUT);
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).body()).contains("port=" + this.port);
		assertThat(app.output()).contains("Adopted launchd socket 'Socket'").doesNotContain("Bound ");
		assertThat(programSocket).doesNotExist();
	}

	@Test
	void childOfAProxyThatTookTheSocketFallsThroughToLaunchProgramSocketPath(@TempDir Path directory) throws Exception {
		Path programSocket = directory.resolve("app.sock");
		ChildProcess app = start(app(), Map.of(LaunchdStandIn.SPEC_VARIABLE, "Socket=!EALREADY;listeners=!ENOENT",
				"LAUNCH_PROGRAM_SOCKET_PATH", programSocket.toString()));
		app.awaitOutput("Bound LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on " + programSocket, START_TIMEOUT);
		assertThat(Http.getUnix(programSocket, "/hello", START_TIMEOUT)).startsWith("HTTP/1.1 200").endsWith("hello");
		assertThat(app.output()).contains("launch_activate_socket(\"Socket\") = 114").doesNotContain("Adopted launchd");
	}

	private ChildProcess start(String standInSpec, String... args) throws Exception {
		return start(app(args), standInSpec);
	}

	private ChildProcess start(List<String> command, String standInSpec) throws Exception {
		return start(command, Map.of(LaunchdStandIn.SPEC_VARIABLE, standInSpec));
	}

	private ChildProcess start(List<String> command, Map<String, String> environment) throws Exception {
		ChildProcess process = ChildProcess.start(command, environment);
		this.processes.add(process);
		return process;
	}

	private static List<String> app(String... args) {
		return app(Servers.TOMCAT, TestWebApplication.class, args);
	}

	private static List<String> app(List<String> exclusions, Class<?> mainClass, String... args) {
		List<String> command = new ArrayList<>(Commands.java(exclusions, mainClass.getName(), args));
		// right after the java executable: the child's binding finds the stand-in there
		command.add(1, LaunchdStandIn.jvmOption());
		return command;
	}

	private String url(String host) {
		return "http://" + host + ":" + this.port + "/";
	}

	/**
	 * The servers, each alone on a child JVM's classpath.
	 */
	enum Server {

		TOMCAT(Servers.TOMCAT, TestWebApplication.class),

		JETTY(Servers.JETTY, TestWebApplication.class),

		NETTY(Servers.NETTY, ReactiveTestApplication.class);

		private final List<String> exclusions;

		private final Class<?> mainClass;

		Server(List<String> exclusions, Class<?> mainClass) {
			this.exclusions = exclusions;
			this.mainClass = mainClass;
		}

	}

	private static void assumeIpv6Loopback() {
		try (ServerSocketChannel channel = ServerSocketChannel.open()) {
			channel.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
		}
		catch (Exception ex) {
			assumeThat(ex).as("IPv6 loopback is not available").isNull();
		}
	}

}
