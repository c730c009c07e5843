package io.socketactivation.proxy;

import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.proxy.support.Client;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.proxy.support.TestBackend;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.NotifySocketServer;
import io.socketactivation.testsupport.NotifySocketServer.Notification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * systemd notifications from proxy-app: READY=1 once it accepts (or once the backend
 * accepted), the watchdog, STOPPING=1 on SIGTERM.
 *
 * @author socket-activation contributors
 */
class ProxyNotifyIntegrationTests {

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	private final List<TestBackend> backends = new ArrayList<>();

	@TempDir
	Path directory;

	private int port;

	private NotifySocketServer notifySocket;

	@BeforeEach
	void start() throws Exception {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
		this.notifySocket = NotifySocketServer.atPath();
	}

	@AfterEach
	void stop() throws Exception {
		this.processes.close();
		for (TestBackend backend : this.backends) {
			backend.close();
		}
		this.notifySocket.close();
	}

	private ChildProcess activate(Map<String, String> extra, String... options) throws Exception {
		Map<String, String> environment = new java.util.HashMap<>(extra);
		environment.put("LAUNCH_PROGRAM_SOCKET_PATH", this.directory.resolve("b.sock").toString());
		environment.putIfAbsent("NOTIFY_SOCKET", this.notifySocket.notifySocket());
		List<String> args = new ArrayList<>(List.of(options));
		if (args.stream().noneMatch((option) -> option.startsWith("--proxy.management."))) {
			args.add("--proxy.management.enabled=false");
		}
		args.add("-");
		ChildProcess proxy = ProxyRun.activate(this.port, environment, args);
		this.processes.add(proxy);
		return proxy;
	}

	private void backend() throws Exception {
		this.backends.add(TestBackend.start(UnixDomainSocketAddress.of(this.directory.resolve("b.sock")), "echo", 0));
	}

	@Test
	void readyOnceAcceptingThenWatchdogThenStoppingOnSigterm() throws Exception {
		backend();
		ChildProcess proxy = activate(Map.of("WATCHDOG_USEC", "400000"));
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		Notification ready = this.notifySocket.next(ProxyRun.TIMEOUT);
		assertThat(ready.text()).isEqualTo("READY=1\nSTATUS=Forwarding to " + this.directory.resolve("b.sock"));
		List<Notification> pings = this.notifySocket.takeUntil("WATCHDOG=1"::equals, ProxyRun.TIMEOUT);
		assertThat(pings).extracting(Notification::text).containsOnly("WATCHDOG=1");
		proxy.terminate();
		List<Notification> rest = this.notifySocket.takeUntil((text) -> text.startsWith("STOPPING=1"),
				ProxyRun.TIMEOUT);
		assertThat(rest).last().extracting(Notification::text).isEqualTo("STOPPING=1\nSTATUS=Stopping");
	}

	@Test
	void malformedNotifySocketIsOneLineAndNothingIsForwarded() throws Exception {
		backend();
		ChildProcess proxy = activate(Map.of("NOTIFY_SOCKET", "vsock:2:1234"));
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		assertThat(proxy.output()).contains("proxy-app: NOTIFY_SOCKET='vsock:2:1234'").doesNotContain("Forwarding");
	}

	@Test
	void actuatorStartedWithTheProxyLeavesNotificationsToIt() throws Exception {
		backend();
		ChildProcess proxy = activate(Map.of(), "--proxy.management.address=127.0.0.1:" + Commands.freePort(),
				"--proxy.management.start=eager");
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		proxy.awaitOutput("Actuator listening on", ProxyRun.TIMEOUT);
		assertThat(this.notifySocket.collect(Duration.ofMillis(1500))).extracting(Notification::text)
			.containsExactly("READY=1\nSTATUS=Forwarding to " + this.directory.resolve("b.sock"));
	}

	@Test
	void readyAfterTheBackendComesWithNoClientToForward() throws Exception {
		ChildProcess proxy = activate(Map.of(), "--proxy.notify.ready-after-backend=true",
				"--proxy.backend.connect-timeout=300ms");
		// the connection that starts the proxy gives up waiting for the backend: no
		// client is left whose forwarding would tell that the backend accepts
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			proxy.awaitOutput("did not accept the connection", ProxyRun.TIMEOUT);
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(this.notifySocket.collect(Duration.ofMillis(500))).isEmpty();
		backend();
		Notification ready = this.notifySocket.next(ProxyRun.TIMEOUT);
		assertThat(ready.text()).isEqualTo("READY=1\nSTATUS=Forwarding; the backend accepts");
		assertThat(proxy.output()).contains("accepted a probe");
		assertThat(this.notifySocket.collect(Duration.ofMillis(500))).isEmpty();
		assertThat(Client.exchange(this.port, "after", ProxyRun.TIMEOUT)).isEqualTo("after");
	}

	@Test
	void readyWaitsForTheBackendWhenConfigured() throws Exception {
		activate(Map.of(), "--proxy.notify.ready-after-backend=true");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("early");
			assertThat(this.notifySocket.collect(Duration.ofSeconds(2))).isEmpty();
			backend();
			Notification ready = this.notifySocket.next(ProxyRun.TIMEOUT);
			assertThat(ready.text()).isEqualTo("READY=1\nSTATUS=Forwarding; the backend accepts");
			client.halfClose();
			assertThat(client.readToEnd()).isEqualTo("early");
		}
	}

}
