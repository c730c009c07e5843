package io.socketactivation;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.ClientLoop;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.ProcessSockets;
import io.socketactivation.testsupport.SelfSignedKeyStore;
import io.socketactivation.testsupport.SocketHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * One suite of real socket-activation scenarios, run against every embedded server: a
 * child JVM started by {@code systemd-socket-activate} (or by a holder that keeps the
 * socket across restarts), reached over real sockets.
 *
 * @author socket-activation contributors
 */
public abstract class AbstractSocketActivationIntegrationTests {

	private static final int RESTARTS = 3;

	private static final byte[] PROXY_V1_TCP4 = "PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n"
		.getBytes(StandardCharsets.US_ASCII);

	private static final String PROXY_V2_SIGNATURE = "0d0a0d0a000d0a515549540a";

	private static final byte[] PROXY_V2_TCP4 = HexFormat.of()
		.parseHex(PROXY_V2_SIGNATURE + "21" + "11" + "000c" + "c0000201" + "c0000202" + "dc04" + "01bb");

	private static final byte[] PROXY_V2_TCP6 = HexFormat.of()
		.parseHex(PROXY_V2_SIGNATURE + "21" + "21" + "0024" + "20010db8000000000000000000000001"
				+ "20010db8000000000000000000000002" + "03e8" + "01bb");

	private static final byte[] PROXY_V2_LOCAL = HexFormat.of().parseHex(PROXY_V2_SIGNATURE + "20" + "00" + "0000");

	private static final byte[] NO_PREAMBLE = new byte[0];

	/** Generous: a Spring Boot start on a loaded 2-core machine takes seconds. */
	protected static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	/** How long a holder's instance may take to be started, or to stop. */
	private static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	private int port;

	@BeforeEach
	void preconditions() {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
	}

	/**
	 * Return the parts of the test classpath that select this server by their absence
	 * (for example the Tomcat jars, for Jetty).
	 * @return classpath entry substrings to leave out of the child JVM
	 */
	protected abstract List<String> classpathExclusions();

	/**
	 * Return the main class of the application to start.
	 * @return the main class
	 */
	protected abstract String mainClass();

	/**
	 * Return the server's name as it writes it in its start-up log ("Tomcat", "Jetty",
	 * "Netty").
	 * @return the name
	 */
	protected abstract String serverName();

	/**
	 * Return what the server writes when a graceful shutdown begins, before it closes any
	 * connection.
	 * @return the text of the log line
	 */
	protected String shutdownBegins() {
		return "Commencing graceful shutdown";
	}

	@Test
	void connectionThatTriggersActivationIsAnsweredOnTheActivatedPort() throws Exception {
		ChildProcess app = activate(Commands.socketActivate(List.of("127.0.0.1:" + this.port), app()));
		HttpResponse<String> response = Http.get(url("127.0.0.1"), START_TIMEOUT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body())
			.contains("port=" + this.port + " webServerPort=" + this.port + " local.server.port=" + this.port);
		assertStarted(app);
		assertThat(app.output()).contains("Adopted systemd socket 'unknown' (fd 3) on 127.0.0.1:" + this.port)
			.contains(serverName() + " started on port");
	}

	@Test
	void ipv4AndIpv6SocketsOnOnePortAreBothServed() throws Exception {
		assumeIpv6Loopback();
		ChildProcess app = activate(
				Commands.socketActivate(List.of("127.0.0.1:" + this.port, "[::1]:" + this.port), app()));
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).body()).contains("port=" + this.port);
		HttpResponse<String> ipv6 = Http.get(url("[::1]"), START_TIMEOUT);
		assertThat(ipv6.statusCode()).isEqualTo(200);
		// Jetty writes the local IPv6 address in brackets, Tomcat and Netty without
		assertThat(ipv6.body()).containsPattern("local=\\[?0:0:0:0:0:0:0:1]? port=" + this.port + " ");
		assertStarted(app);
		assertThat(app.output()).contains("(fd 3) on 127.0.0.1:" + this.port)
			.contains("(fd 4) on [0:0:0:0:0:0:0:1]:" + this.port);
	}

	@Test
	void sigtermCompletesTheRequestInFlightThenExits() throws Exception {
		ChildProcess app = activate(Commands.socketActivate(List.of("127.0.0.1:" + this.port), app()));
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).statusCode()).isEqualTo(200);
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
			.supplyAsync(() -> get(url("127.0.0.1") + "slow?millis=3000"));
		app.awaitOutput("slow request started", Duration.ofSeconds(20));
		app.terminate();
		HttpResponse<String> response = inFlight.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("slept 3000");
		assertThat(app.output()).contains("Started ").doesNotContain("APPLICATION FAILED");
		assertThat(app.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
		assertThat(app.output()).contains("Graceful shutdown complete");
	}

	@Test
	void withoutActivationTheServerBindsServerPort() throws Exception {
		ChildProcess app = start(app("--server.port=" + this.port, "--server.address=127.0.0.1"));
		HttpResponse<String> response = awaitGet(url("127.0.0.1"));
		assertThat(response.body()).contains("port=" + this.port);
		assertThat(app.output()).contains("Not socket-activated (LISTEN_PID is not set)");
	}

	@Test
	void socketSurvivesStopAndServesTheNextInstance() throws Exception {
		SocketHolder holder = holdSocket();
		long first = holder.startInstance(INSTANCE_TIMEOUT);
		assertThat(Http.get(url("127.0.0.1"), START_TIMEOUT).statusCode()).isEqualTo(200);
		holder.stopInstance(first, INSTANCE_TIMEOUT);
		// no instance runs now: this connection waits in the holder's backlog
		CompletableFuture<HttpResponse<String>> queued = CompletableFuture.supplyAsync(() -> get(url("127.0.0.1")));
		holder.startInstance(INSTANCE_TIMEOUT);
		HttpResponse<String> response = queued.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("port=" + this.port);
	}

	@Test
	void restartsUnderLoadRefuseAndResetNothing() throws Exception {
		SocketHolder holder = holdSocket();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.port);
		long instance = holder.startInstance(INSTANCE_TIMEOUT);
		Http.getOnNewConnection(address, "/hello", START_TIMEOUT);
		ClientLoop loop = new ClientLoop(address, 20_000, Duration.ofSeconds(150));
		Thread client = new Thread(loop, "client-loop");
		client.start();
		try {
			for (int restart = 0; restart < RESTARTS; restart++) {
				loop.awaitRequests(50);
				holder.stopInstance(instance, INSTANCE_TIMEOUT);
				instance = holder.startInstance(INSTANCE_TIMEOUT);
			}
			loop.awaitRequests(50);
		}
		finally {
			// also when a restart failed: no requests into the next test
			loop.stop();
			client.join(Duration.ofSeconds(90).toMillis());
		}
		assertThat(client.isAlive()).isFalse();
		assertThat(loop.failures()).as("failed requests across %d restarts", RESTARTS).isEmpty();
		assertThat(loop.succeeded()).isGreaterThan(50L * (RESTARTS + 1));
	}

	@Test
	void aConnectionAcceptedAsTheStopBeginsIsAnswered() throws Exception {
		SocketHolder holder = holdSocket();
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.port);
		long instance = holder.startInstance(INSTANCE_TIMEOUT);
		Http.getOnNewConnection(address, "/hello", START_TIMEOUT);
		try (Socket client = new Socket()) {
			client.connect(address, 10_000);
			client.setSoTimeout(30_000);
			awaitAccepted(instance, client.getLocalPort());
			ProcessHandle.of(instance).ifPresent(ProcessHandle::destroy);
			holder.awaitOutput(shutdownBegins(), INSTANCE_TIMEOUT);
			// the shutdown is under way (idle connections are being closed) when the
			// request arrives; no other instance can ever see this connection
			Thread.sleep(200);
			client.getOutputStream()
				.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).as("the answer; the server wrote:%n%s", holder.output())
				.startsWith("HTTP/1.1 200 ")
				.endsWith("hello");
		}
		holder.awaitExit(instance, INSTANCE_TIMEOUT);
	}

	private void awaitAccepted(long pid, int clientPort) throws Exception {
		ProcessSockets sockets = ProcessSockets.of(pid);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!sockets.holdsConnection(this.port, clientPort)) {
			assertThat(System.nanoTime()).as("the server accepted the connection within 10 s").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private SocketHolder holdSocket() throws Exception {
		return new SocketHolder(
				start(Commands.fdLauncher(List.of("--hold", "--fd", "tcp:127.0.0.1:" + this.port), app())));
	}

	@Test
	void tlsAndHttp2OnTheActivatedSocket() throws Exception {
		Path keyStore = SelfSignedKeyStore.create();
		activate(Commands.socketActivate(List.of("127.0.0.1:" + this.port),
				app("--server.ssl.key-store=" + keyStore,
						"--server.ssl.key-store-password=" + SelfSignedKeyStore.PASSWORD,
						"--server.ssl.key-store-type=PKCS12", "--server.http2.enabled=true")));
		HttpResponse<String> response = Http.getHttp2Insecure("https://127.0.0.1:" + this.port + "/hello",
				START_TIMEOUT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello");
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
	}

	@Test
	void socketNamedManagementServesTheActuatorManagementServer() throws Exception {
		int managementPort = Commands.freePort();
		ChildProcess app = activate(Commands.socketActivate(
				List.of("127.0.0.1:" + this.port, "127.0.0.1:" + managementPort, "--fdname=web:management"),
				app("--management.server.port=" + managementPort)));
		assertThat(Http.get(url("127.0.0.1") + "hello", START_TIMEOUT).body()).isEqualTo("hello");
		assertStarted(app);
		HttpResponse<String> health = awaitReady("http://127.0.0.1:" + managementPort + "/actuator/health");
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"");
		assertThat(Http.get(url("127.0.0.1") + "actuator/health", START_TIMEOUT).statusCode()).isEqualTo(404);
		assertThat(app.output()).contains("Adopted systemd socket 'web' (fd 3) on 127.0.0.1:" + this.port)
			.contains("Adopted systemd socket 'management' (fd 4) on 127.0.0.1:" + managementPort);
	}

	@Test
	void listeningSocketOnStandardInputIsServedWhenEnabledAndLoggingSurvives() throws Exception {
		ChildProcess app = start(
				Commands.fdLauncher(List.of("--stdin", "tcp:127.0.0.1:" + this.port, "--stdout-is-stdin"),
						app("--socket-activation.stdin=true")));
		HttpResponse<String> response = awaitGet(url("127.0.0.1"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("port=" + this.port);
		// stdout was the listening socket: the log lines reach stderr instead of being
		// lost
		app.awaitOutput("Started ", Duration.ofSeconds(30));
		assertThat(app.output()).contains("Standard output was a listening socket; now standard error")
			.contains("Adopted stdin socket 'stdin' (fd 0) on 127.0.0.1:" + this.port);
	}

	@Test
	void activatedUnixSocketIsServedAndItsPathIsLeftToTheServiceManager(@TempDir Path directory) throws Exception {
		Path socket = directory.resolve("app.sock");
		ChildProcess app = activate(Commands.socketActivate(List.of(socket.toString()), app()));
		String response = Http.getUnix(socket, "/hello", START_TIMEOUT);
		assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello");
		assertStarted(app);
		assertThat(app.output()).contains("Adopted systemd socket 'unknown' (fd 3) on " + socket);
		app.terminate();
		assertThat(app.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
		assertThat(socket).as("systemd owns the path: never unlinked by the service").exists();
	}

	@Test
	void serverPortIsTheTcpSocketsWhenAUnixSocketComesFirst(@TempDir Path directory) throws Exception {
		Path socket = directory.resolve("app.sock");
		ChildProcess app = activate(
				Commands.socketActivate(List.of(socket.toString(), "127.0.0.1:" + this.port), app()));
		HttpResponse<String> response = Http.get(url("127.0.0.1"), START_TIMEOUT);
		assertThat(response.body())
			.contains("port=" + this.port + " webServerPort=" + this.port + " local.server.port=" + this.port);
		assertThat(Http.getUnix(socket, "/hello", START_TIMEOUT)).startsWith("HTTP/1.1 200");
		assertStarted(app);
	}

	@Test
	void launchProgramSocketPathIsBoundPrivatelyServedAndRemovedOnStop(@TempDir Path directory) throws Exception {
		Path socket = directory.resolve("run/app.sock");
		ChildProcess app = start(app(), Map.of("LAUNCH_PROGRAM_SOCKET_PATH", socket.toString()));
		app.awaitOutput("Bound LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on " + socket, START_TIMEOUT);
		assertThat(Http.getUnix(socket, "/hello", START_TIMEOUT)).startsWith("HTTP/1.1 200").endsWith("hello");
		assertStarted(app);
		assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(socket.getParent()))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
		app.terminate();
		assertThat(app.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
		assertThat(socket).as("the program's own socket is removed when it stops").doesNotExist();
	}

	@Test
	void programSocketWithTheProxyProtocolReportsTheClientTheHeaderNames(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		UnixDomainSocketAddress socket = UnixDomainSocketAddress.of(path);
		// the variable proxy-app sets for its child program
		ChildProcess app = start(app(), Map.of("LAUNCH_PROGRAM_SOCKET_PATH", path.toString(),
				"SOCKET_ACTIVATION_PROGRAM_SOCKET_PROXY_PROTOCOL", "true"));
		app.awaitOutput("Bound LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on " + path, START_TIMEOUT);
		assertThat(Http.get(socket, PROXY_V1_TCP4, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.endsWith("\r\n192.0.2.1:56324");
		assertStarted(app);
		assertThat(app.output()).contains(
				"serves LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on " + path + " (PROXY protocol header required)");
		assertThat(Http.get(socket, PROXY_V2_TCP6, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.containsPattern("\r\n\\[?2001:db8:0:0:0:0:0:1]?:1000$");
		assertThat(Http.get(socket, PROXY_V2_LOCAL, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.endsWith("\r\n" + unixSocketPeer());
		assertThat(Http.get(socket, NO_PREAMBLE, "/client", START_TIMEOUT))
			.as("a connection without a PROXY header is closed unanswered")
			.isEmpty();
		assertThat(Http.get(socket, "PROXY TCP4 192.0.2.1 192.0.2.2 65536 443\r\n".getBytes(StandardCharsets.US_ASCII),
				"/client", START_TIMEOUT))
			.as("a connection with an invalid PROXY header is closed unanswered")
			.isEmpty();
		assertThat(Http.get(socket, PROXY_V2_TCP4, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.endsWith("\r\n192.0.2.1:56324");
	}

	@Test
	void proxyHeaderIsNotInterpretedUnlessTheSocketRequiresIt(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("app.sock");
		UnixDomainSocketAddress socket = UnixDomainSocketAddress.of(path);
		ChildProcess app = start(app(), Map.of("LAUNCH_PROGRAM_SOCKET_PATH", path.toString()));
		app.awaitOutput("Bound LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on " + path, START_TIMEOUT);
		assertThat(Http.get(socket, NO_PREAMBLE, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.endsWith("\r\n" + unixSocketPeer());
		assertThat(Http.get(socket, PROXY_V1_TCP4, "/client", START_TIMEOUT))
			.as("the header is taken for a malformed request line")
			.startsWith("HTTP/1.1 400")
			.doesNotContain("192.0.2.1:56324");
		assertStarted(app);
		assertThat(app.output()).doesNotContain("PROXY protocol header required");
	}

	@Test
	void activatedSocketRequiresTheProxyHeaderOnlyWhenNamed() throws Exception {
		int proxiedPort = Commands.freePort();
		ChildProcess app = activate(Commands.socketActivate(
				List.of("127.0.0.1:" + this.port, "127.0.0.1:" + proxiedPort, "--fdname=public:proxied"),
				app("--socket-activation.proxy-protocol.names=proxied")));
		InetSocketAddress open = new InetSocketAddress("127.0.0.1", this.port);
		InetSocketAddress proxied = new InetSocketAddress("127.0.0.1", proxiedPort);
		assertThat(Http.get(open, NO_PREAMBLE, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.containsPattern("\r\n127\\.0\\.0\\.1:\\d+$");
		assertStarted(app);
		assertThat(Http.get(proxied, PROXY_V2_TCP4, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 200")
			.endsWith("\r\n192.0.2.1:56324");
		assertThat(Http.get(proxied, NO_PREAMBLE, "/client", START_TIMEOUT)).isEmpty();
		assertThat(Http.get(open, PROXY_V1_TCP4, "/client", START_TIMEOUT)).startsWith("HTTP/1.1 400")
			.doesNotContain("192.0.2.1:56324");
		assertThat(app.output())
			.contains("serves systemd socket 'proxied' (fd 4) on 127.0.0.1:" + proxiedPort
					+ " (PROXY protocol header required)")
			.doesNotContain("on 127.0.0.1:" + this.port + " (PROXY protocol header required)");
	}

	/**
	 * Return the remote address and port the server reports for a connection to a Unix
	 * socket, as the test application's {@code /client} writes them.
	 * @return the address and port
	 */
	protected abstract String unixSocketPeer();

	/**
	 * Whether the server runs requests on virtual threads with
	 * {@code spring.threads.virtual.enabled} (the servlet servers; Netty runs them on its
	 * event loops).
	 * @return {@code true} if it does
	 */
	protected boolean servesOnVirtualThreads() {
		return false;
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
	void virtualThreadsServeTheActivatedSocket() throws Exception {
		assumeThat(servesOnVirtualThreads()).as("server runs requests on virtual threads").isTrue();
		activate(Commands.socketActivate(List.of("127.0.0.1:" + this.port),
				app("--spring.threads.virtual.enabled=true")));
		HttpResponse<String> response = Http.get(url("127.0.0.1") + "thread", START_TIMEOUT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("VirtualThread[");
	}

	/**
	 * Return the command of a child JVM running the application.
	 * @param args program arguments
	 * @return the command
	 */
	protected List<String> app(String... args) {
		return Commands.java(classpathExclusions(), mainClass(), args);
	}

	/**
	 * Start a process, stopped by pid after the test.
	 * @param command the command
	 * @return the process
	 * @throws Exception on failure
	 */
	protected ChildProcess start(List<String> command) throws Exception {
		return start(command, Map.of());
	}

	/**
	 * Start a process with extra environment variables, stopped by pid after the test.
	 * @param command the command
	 * @param environment the variables to add
	 * @return the process
	 * @throws Exception on failure
	 */
	protected ChildProcess start(List<String> command, Map<String, String> environment) throws Exception {
		ChildProcess process = ChildProcess.start(command, environment);
		this.processes.add(process);
		return process;
	}

	/**
	 * Wait until the application reports a completed start, and assert that nothing
	 * failed: a server accepts before its start completes, so an answered request alone
	 * proves little.
	 * @param app the application
	 */
	protected static void assertStarted(ChildProcess app) {
		app.awaitOutput("Started ", START_TIMEOUT);
		assertThat(app.output()).doesNotContain("APPLICATION FAILED").doesNotContain("Application run failed");
	}

	/**
	 * Start {@code systemd-socket-activate} and wait until it listens on every address.
	 * @param command the command, from {@link Commands#socketActivate(List, List)}
	 * @return the process
	 * @throws Exception on failure
	 */
	protected ChildProcess activate(List<String> command) throws Exception {
		return activate(command, Map.of());
	}

	/**
	 * Start {@code systemd-socket-activate} with extra environment variables and wait
	 * until it listens on every address.
	 * @param command the command, from {@link Commands#socketActivate(List, List)}
	 * @param environment the variables to add
	 * @return the process
	 * @throws Exception on failure
	 */
	protected ChildProcess activate(List<String> command, Map<String, String> environment) throws Exception {
		ChildProcess process = start(command, environment);
		long addresses = command.stream().filter("-l"::equals).count();
		process.awaitOutput((out) -> out.split("Listening on ", -1).length > addresses, "'Listening on' x" + addresses,
				Duration.ofSeconds(10));
		return process;
	}

	/**
	 * Return the port the activated sockets listen on.
	 * @return the port
	 */
	protected int port() {
		return this.port;
	}

	/**
	 * Return the URL of the activated port.
	 * @param host the host as written in a URL
	 * @return the URL, ending with {@code /}
	 */
	protected String url(String host) {
		return "http://" + host + ":" + this.port + "/";
	}

	protected static HttpResponse<String> awaitGet(String url) throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			try {
				return Http.get(url, START_TIMEOUT);
			}
			catch (java.net.ConnectException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
	}

	/**
	 * GET a health URL until it stops answering 503: the "Started" line comes a moment
	 * before the liveness and readiness states are published, and health is DOWN until
	 * then.
	 */
	private static HttpResponse<String> awaitReady(String url) throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		HttpResponse<String> response = Http.get(url, START_TIMEOUT);
		while (response.statusCode() == 503 && System.nanoTime() < deadline) {
			Thread.sleep(100);
			response = Http.get(url, START_TIMEOUT);
		}
		return response;
	}

	private static HttpResponse<String> get(String url) {
		try {
			return Http.get(url, START_TIMEOUT);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
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
