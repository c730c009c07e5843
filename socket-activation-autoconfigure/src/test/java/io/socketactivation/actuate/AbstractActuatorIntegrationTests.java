package io.socketactivation.actuate;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.Http;
import io.socketactivation.testsupport.NotifySocketServer;
import io.socketactivation.testsupport.NotifySocketServer.Notification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, endpoint, info and meters of a socket-activated child JVM read over HTTP, and
 * its notifications read on a real {@code NOTIFY_SOCKET}; run against every embedded
 * server.
 *
 * @author socket-activation contributors
 */
public abstract class AbstractActuatorIntegrationTests {

	/** Generous: a Spring Boot start on a loaded 2-core machine takes seconds. */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final String EXPOSE = "--management.endpoints.web.exposure.include=health,info,metrics,"
			+ "socketactivation";

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	private int port;

	@BeforeEach
	void preconditions() {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
	}

	/**
	 * Return the parts of the test classpath that select this server by their absence.
	 * @return classpath entry substrings to leave out of the child JVM
	 */
	protected abstract List<String> classpathExclusions();

	/**
	 * Return the main class of the application to start.
	 * @return the main class
	 */
	protected abstract String mainClass();

	@Test
	void healthShowsTheActivatedListener() throws Exception {
		activate(Map.of(), EXPOSE, "--management.endpoint.health.show-details=always");
		JsonNode health = get("/actuator/health");
		JsonNode socketActivation = health.path("components").path("socketActivation");
		assertThat(socketActivation.path("status").asString()).isEqualTo("UP");
		assertThat(socketActivation.path("details").path("summary").asString()).isEqualTo("LISTEN_FDS=1");
		JsonNode listener = socketActivation.path("details").path("listeners").path(0);
		assertThat(listener.path("source").asString()).isEqualTo("systemd");
		assertThat(listener.path("name").asString()).isEqualTo("unknown");
		assertThat(listener.path("fd").asInt()).isEqualTo(3);
		assertThat(listener.path("family").asString()).isEqualTo("INET");
		assertThat(listener.path("address").asString()).isEqualTo("127.0.0.1:" + this.port);
		assertThat(listener.path("server").asString()).isEqualTo("main");
		assertThat(listener.path("open").asBoolean()).isTrue();
	}

	@Test
	void managementServerOnItsOwnPortIsListedAsBindingIt() throws Exception {
		int managementPort = Commands.freePort();
		String health = "http://127.0.0.1:" + managementPort + "/actuator/health";
		activateWithHealthAt(health, Map.of(), "--management.server.port=" + managementPort,
				"--management.server.address=127.0.0.1", "--management.endpoint.health.show-details=always");
		HttpResponse<String> response = Http.get(health, START_TIMEOUT);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode listeners = json.readTree(response.body())
			.path("components")
			.path("socketActivation")
			.path("details")
			.path("listeners");
		assertThat(listeners.path(0).path("server").asString()).isEqualTo("main");
		assertThat(listeners.path(0).path("source").asString()).isEqualTo("systemd");
		assertThat(listeners.path(1).path("server").asString()).isEqualTo("management");
		assertThat(listeners.path(1).path("source").asString()).isEqualTo("bind");
		assertThat(listeners.path(1).path("address").asString()).isEqualTo("*:" + managementPort);
	}

	@Test
	void endpointShowsTheActivationVariablesAndInfoTheSource() throws Exception {
		ChildProcess app = activate(Map.of(), EXPOSE);
		JsonNode endpoint = get("/actuator/socketactivation");
		assertThat(endpoint.path("activated").asBoolean()).isTrue();
		assertThat(endpoint.path("variables").path("LISTEN_FDS").asString()).isEqualTo("1");
		long pid = endpoint.path("pid").asLong();
		assertThat(endpoint.path("variables").path("LISTEN_PID").asString()).isEqualTo(String.valueOf(pid));
		assertThat(app.pid()).isEqualTo(pid);
		assertThat(endpoint.path("listeners").path(0).path("address").asString()).isEqualTo("127.0.0.1:" + this.port);
		JsonNode info = get("/actuator/info");
		assertThat(info.path("socketActivation").path("source").asString()).isEqualTo("systemd");
		assertThat(info.path("socketActivation").path("activated").asBoolean()).isTrue();
	}

	@Test
	void metersCountTheConnectionsOfTheListener() throws Exception {
		activate(Map.of(), EXPOSE);
		String tags = "?tag=name:unknown&tag=source:systemd&tag=address:127.0.0.1:" + this.port;
		JsonNode accepted = get("/actuator/metrics/socket.activation.connections.accepted" + tags);
		assertThat(accepted.path("baseUnit").asString()).isEqualTo("connections");
		assertThat(accepted.path("measurements").path(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
		// this request's own connection is open while the gauge is read
		JsonNode open = get("/actuator/metrics/socket.activation.connections.open" + tags);
		assertThat(open.path("measurements").path(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void connectionsWithoutAValidProxyHeaderInTimeAreClosedAndCounted() throws Exception {
		int proxiedPort = Commands.freePort();
		activateWithHealthAt(List.of("127.0.0.1:" + this.port, "127.0.0.1:" + proxiedPort, "--fdname=web:proxied"),
				url("/actuator/health"), Map.of(), EXPOSE, "--socket-activation.proxy-protocol.names=proxied",
				"--socket-activation.proxy-protocol.header-timeout=1s");
		InetSocketAddress proxied = new InetSocketAddress("127.0.0.1", proxiedPort);
		assertThat(Http.get(proxied, ascii("PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n"), "/", START_TIMEOUT))
			.startsWith("HTTP/1.1 200");
		assertThat(Http.get(proxied, new byte[0], "/", START_TIMEOUT)).as("no header").isEmpty();
		assertThat(Http.get(proxied, ascii("PROXY TCP4 192.0.2.1 192.0.2.2 65536 443\r\n"), "/", START_TIMEOUT))
			.as("an invalid header")
			.isEmpty();
		try (Socket silent = new Socket()) {
			// from before the connection, so before the server's timer starts
			long start = System.nanoTime();
			silent.connect(proxied, 10_000);
			silent.setSoTimeout(30_000);
			assertThat(silent.getInputStream().read()).as("a connection that sends nothing").isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed after the header timeout")
				.isGreaterThan(Duration.ofMillis(950))
				.isLessThan(Duration.ofSeconds(20));
		}
		String refused = "/actuator/metrics/socket.activation.connections.refused?tag=name:proxied";
		assertThat(awaitMeasurement(refused, 3)).as("refused connections").isEqualTo(3);
		assertThat(Http.get(url("/actuator/metrics/socket.activation.connections.refused?tag=name:web"), START_TIMEOUT)
			.statusCode()).as("no such counter for a socket that requires no header").isEqualTo(404);
		JsonNode listeners = get("/actuator/socketactivation").path("listeners");
		assertThat(listeners.path(0).path("name").asString()).isEqualTo("web");
		assertThat(listeners.path(0).has("proxyHeader")).isFalse();
		assertThat(listeners.path(1).path("name").asString()).isEqualTo("proxied");
		assertThat(listeners.path(1).path("proxyHeader").asString()).isEqualTo("required");
		assertThat(listeners.path(1).path("refusedConnections").asLong()).isEqualTo(3);
	}

	@Test
	void endpointIsNotExposedOverTheWebByDefault() throws Exception {
		activate(Map.of());
		assertThat(Http.get(url("/actuator/socketactivation"), START_TIMEOUT).statusCode()).isEqualTo(404);
	}

	@Test
	void notifiesReadyWatchdogAndStoppingOnARealNotifySocket() throws Exception {
		try (NotifySocketServer notify = NotifySocketServer.atPath()) {
			ChildProcess app = activate(Map.of("NOTIFY_SOCKET", notify.notifySocket(), "WATCHDOG_USEC", "1000000"));
			List<Notification> start = notify.takeUntil((text) -> text.startsWith("READY=1"), START_TIMEOUT);
			assertThat(start).extracting(Notification::text).first().isEqualTo("STATUS=Starting");
			assertThat(start).extracting(Notification::text)
				.last()
				.isEqualTo("READY=1\nSTATUS=Serving systemd socket 'unknown' (fd 3) on 127.0.0.1:" + this.port);
			assertThat(notify.next(Duration.ofSeconds(30)).text()).isEqualTo("WATCHDOG=1");
			app.terminate();
			notify.takeUntil("STOPPING=1\nSTATUS=Stopping"::equals, Duration.ofSeconds(30));
			assertThat(app.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
		}
	}

	private ChildProcess activate(Map<String, String> environment, String... args) throws Exception {
		return activateWithHealthAt(url("/actuator/health"), environment, args);
	}

	private ChildProcess activateWithHealthAt(String healthUrl, Map<String, String> environment, String... args)
			throws Exception {
		return activateWithHealthAt(List.of("127.0.0.1:" + this.port), healthUrl, environment, args);
	}

	private ChildProcess activateWithHealthAt(List<String> listen, String healthUrl, Map<String, String> environment,
			String... args) throws Exception {
		List<String> command = new ArrayList<>(
				Commands.socketActivate(listen, Commands.java(classpathExclusions(), mainClass(), args)));
		// systemd-socket-activate passes on only the variables named with -E
		environment.forEach((name, value) -> command.addAll(1, List.of("-E", name + "=" + value)));
		ChildProcess process = ChildProcess.start(command, Map.of());
		this.processes.add(process);
		process.awaitOutput("Listening on ", Duration.ofSeconds(10));
		// the first connection starts the JVM; once health is UP, the application is
		// ready: servers recorded, meters bound
		assertThat(Http.get(url("/"), START_TIMEOUT).statusCode()).isEqualTo(200);
		awaitUp(healthUrl);
		return process;
	}

	/**
	 * Read a counter until it reaches the expected value: servers count a refused
	 * connection as it closes, which may come just after the client saw it closed.
	 * @param path the metric's path and tags
	 * @param expected the value to wait for
	 * @return the last value read
	 * @throws Exception on failure
	 */
	private double awaitMeasurement(String path, double expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (true) {
			double value = get(path).path("measurements").path(0).path("value").asDouble();
			if (value == expected || System.nanoTime() > deadline) {
				return value;
			}
			Thread.sleep(100);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = Http.get(url(path), START_TIMEOUT);
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	/**
	 * GET a health URL until it answers 200: servers accept connections before the
	 * application is ready (health 503, readiness refusing traffic), and the management
	 * server starts just after the main one.
	 * @param url the health URL
	 * @return the first 200 response
	 * @throws Exception on failure, or when not UP within the start timeout
	 */
	private static HttpResponse<String> awaitUp(String url) throws Exception {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			try {
				HttpResponse<String> response = Http.get(url, START_TIMEOUT);
				if (response.statusCode() == 200 || System.nanoTime() > deadline) {
					assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
					return response;
				}
			}
			catch (ConnectException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
			}
			Thread.sleep(100);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
