package io.socketactivation;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.Servers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every malformed environment and every unusable kind of fd fails start-up of a real JVM
 * with a message naming the variable or the fd, before anything listens; unless
 * {@code socket-activation.names} leaves that fd out.
 *
 * @author socket-activation contributors
 */
class ActivationFailureIntegrationTests {

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	/** Linux's {@code O_CLOEXEC}, as {@code /proc/PID/fdinfo} shows it (octal). */
	private static final long O_CLOEXEC = 02000000;

	/** JNA neither unpacks its native library nor looks for one on the system. */
	private static final String WITHOUT_JNA = "-Djna.nounpack=true -Djna.nosys=true";

	private int port;

	@BeforeEach
	void choosePort() {
		this.port = Commands.freePort();
	}

	@Test
	void malformedListenFdsNamesTheVariableAndValue() throws Exception {
		assertStartFails(List.of("--fd", tcp(), "--env", "LISTEN_FDS=abc"),
				"LISTEN_FDS='abc' is malformed: it must be the decimal number of fds passed, at least 1.");
	}

	@Test
	void zeroListenFdsIsAnError() throws Exception {
		assertStartFails(List.of("--fd", tcp(), "--env", "LISTEN_FDS=0"), "LISTEN_FDS='0' is malformed");
	}

	@Test
	void malformedListenPidNamesTheVariableAndValue() throws Exception {
		assertStartFails(List.of("--fd", tcp(), "--env", "LISTEN_PID=12ab"),
				"LISTEN_PID='12ab' is malformed: it must be the decimal process id of the service.");
	}

	@Test
	void fdNamesOfTheWrongCountNameBothVariables() throws Exception {
		assertStartFails(List.of("--fd", tcp(), "--env", "LISTEN_FDNAMES=web:admin"),
				"LISTEN_FDNAMES='web:admin' has 2 names but LISTEN_FDS=1.");
	}

	@Test
	void closedFdIsNamedAndNothingListens() throws Exception {
		assertStartFails(List.of("--fd", tcp(), "--fd", "closed", "--env", "LISTEN_FDNAMES=web:admin"),
				"fd 4 ('admin') from systemd was not open when the JVM started");
	}

	@Test
	void regularFileIsNamedWithItsPath(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("not-a-socket.txt"), "x");
		assertStartFails(List.of("--fd", "file:" + file),
				"fd 3 ('unknown') from systemd is not a socket but '" + file + "'.");
	}

	@Test
	void pipeIsNamed() throws Exception {
		assertStartFails(List.of("--fd", "pipe"), "fd 3 ('unknown') from systemd is not a socket but 'pipe:[");
	}

	@Test
	void datagramSocketIsRefused() throws Exception {
		assertStartFails(List.of("--fd", "dgram:127.0.0.1:0"),
				"fd 3 ('unknown') from systemd is a datagram (SOCK_DGRAM) socket, not a stream (SOCK_STREAM) socket.");
	}

	@Test
	void fdsLeftOutBySocketNamesAreNeitherCheckedNorClosedButMarkedCloseOnExec() throws Exception {
		ChildProcess app = start(Commands.fdLauncher(
				List.of("--fd", "dgram:127.0.0.1:0", "--fd", tcp(), "--fd", "pipe", "--env",
						"LISTEN_FDNAMES=stats:web:stored"),
				Commands.java(Servers.TOMCAT, TestWebApplication.class.getName(), "--server.port=0",
						"--socket-activation.names=web")));
		// the launcher binds the TCP socket before it execs the JVM, which serves it once
		// started
		app.awaitOutput("Started ", Duration.ofSeconds(60));
		HttpResponse<String> response = Http.get("http://127.0.0.1:" + this.port + "/", Duration.ofSeconds(60));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("port=" + this.port);
		assertThat(app.output())
			.contains("Left alone, as socket-activation.names=[web] does not select them: "
					+ "[fd 3 ('stats') from systemd, fd 5 ('stored') from systemd]")
			.doesNotContain("APPLICATION FAILED TO START");
		assertThat(Files.readSymbolicLink(Path.of("/proc", String.valueOf(app.pid()), "fd", "3"))).asString()
			.startsWith("socket:[");
		assertThat(Files.readSymbolicLink(Path.of("/proc", String.valueOf(app.pid()), "fd", "5"))).asString()
			.startsWith("pipe:[");
		// as libsystemd marks every fd it hands over: a program the application runs does
		// not inherit them
		assertThat(closeOnExec(app.pid(), 3)).isTrue();
		assertThat(closeOnExec(app.pid(), 5)).isTrue();
	}

	private static boolean closeOnExec(long pid, int fd) throws IOException {
		String flags = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "fdinfo", String.valueOf(fd)))
			.stream()
			.filter((line) -> line.startsWith("flags:"))
			.findFirst()
			.orElseThrow()
			.substring("flags:".length())
			.trim();
		return (Long.parseLong(flags, 8) & O_CLOEXEC) != 0;
	}

	@Test
	void connectedSocketFromAcceptYesIsRefused() throws Exception {
		String output = assertStartFails(List.of("--fd", "connected"),
				"fd 3 ('unknown') from systemd is a connected socket (peer 127.0.0.1:");
		assertThat(output).contains("Set Accept=no");
	}

	@Test
	void socketOnPortZeroIsRefused() throws Exception {
		assertStartFails(List.of("--fd", "unbound"),
				"fd 3 ('unknown') from systemd is bound to port 0 (0.0.0.0:0): the service manager could not bind");
	}

	@Test
	void listenPidOfAnotherProcessIsNotActivationAndRequiredSaysWhy() throws Exception {
		String output = assertStartFails(List.of("--fd", tcp(), "--env", "LISTEN_PID=1"),
				"socket-activation.required is true but this process was not socket-activated: LISTEN_PID=1 names "
						+ "another process",
				"--socket-activation.required=true");
		assertThat(output).contains("must 'exec java ...'");
	}

	@Test
	void requiredWithoutActivationFails() throws Exception {
		ChildProcess app = start(Commands.java(Servers.TOMCAT, TestWebApplication.class.getName(),
				"--socket-activation.required=true", "--server.port=" + this.port));
		assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
		assertThat(app.output()).contains("LISTEN_PID is not set").doesNotContain("Tomcat started");
	}

	@Test
	void withoutJnasNativeLibraryAnActivatedFdCannotBeCheckedAndTheErrorSaysWhatToDo() throws Exception {
		// as with java.io.tmpdir mounted noexec: JNA can neither unpack its library nor
		// find one on the system
		ChildProcess app = start(
				Commands.fdLauncher(List.of("--fd", tcp()), Commands.java(Servers.TOMCAT,
						TestWebApplication.class.getName(), "--server.port=" + Commands.freePort())),
				Map.of("JAVA_TOOL_OPTIONS", WITHOUT_JNA));
		assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
		assertThat(app.output()).contains("fd 3")
			.contains("cannot be inspected: JNA cannot load native code here")
			.contains("set -Djna.tmpdir")
			.contains("APPLICATION FAILED TO START")
			.doesNotContain("Tomcat started");
	}

	@Test
	void withoutJnasNativeLibraryAProcessThatWasNotActivatedStillBindsServerPort() throws Exception {
		ChildProcess app = start(
				Commands.java(Servers.TOMCAT, TestWebApplication.class.getName(), "--server.port=" + this.port),
				Map.of("JAVA_TOOL_OPTIONS", WITHOUT_JNA));
		app.awaitOutput("Tomcat started", Duration.ofSeconds(60));
		HttpResponse<String> response = Http.get("http://127.0.0.1:" + this.port + "/hello", Duration.ofSeconds(10));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(app.output()).doesNotContain("NoClassDefFoundError").doesNotContain("UnsatisfiedLinkError");
	}

	private String assertStartFails(List<String> launcherOptions, String expected, String... appArgs) throws Exception {
		List<String> args = new ArrayList<>(List.of("--server.port=" + this.port));
		args.addAll(List.of(appArgs));
		ChildProcess app = start(Commands.fdLauncher(launcherOptions,
				Commands.java(Servers.TOMCAT, TestWebApplication.class.getName(), args.toArray(String[]::new))));
		assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
		String output = app.output();
		assertThat(output).contains(expected)
			.contains("APPLICATION FAILED TO START")
			.contains("Action:")
			.doesNotContain("Tomcat started")
			.doesNotContain("Tomcat initialized");
		return output;
	}

	private String tcp() {
		return "tcp:127.0.0.1:" + this.port;
	}

	private ChildProcess start(List<String> command) throws Exception {
		return start(command, Map.of());
	}

	private ChildProcess start(List<String> command, Map<String, String> environment) throws Exception {
		ChildProcess process = ChildProcess.start(command, environment);
		this.processes.add(process);
		return process;
	}

}
