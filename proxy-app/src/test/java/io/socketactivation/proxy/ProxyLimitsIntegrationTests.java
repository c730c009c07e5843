package io.socketactivation.proxy;

import java.io.IOException;
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

import io.socketactivation.proxy.support.BufferLeaks;
import io.socketactivation.proxy.support.Client;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.proxy.support.TestBackend;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * proxy-app's limits: the connection limit (refuse or queue), idle timeout, maximum
 * lifetime, and exit after an idle period.
 *
 * @author socket-activation contributors
 */
class ProxyLimitsIntegrationTests {

	private static final Duration SHORT = Duration.ofMillis(700);

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	@TempDir
	Path directory;

	private int port;

	private TestBackend backend;

	private final BufferLeaks leaks = new BufferLeaks();

	@BeforeEach
	void start() throws Exception {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
		this.backend = TestBackend.start(UnixDomainSocketAddress.of(this.directory.resolve("b.sock")), "echo", 0);
	}

	@AfterEach
	void stop() throws Exception {
		try {
			this.leaks.assertNoneLost();
		}
		finally {
			this.processes.close();
			this.backend.close();
		}
	}

	private ChildProcess activate(String... options) throws Exception {
		List<String> args = new ArrayList<>(List.of(options));
		args.add("-");
		ChildProcess proxy = ProxyRun.activate(this.port,
				Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.directory.resolve("b.sock").toString()), args);
		this.processes.add(proxy);
		return this.leaks.watch(proxy, this.port);
	}

	/**
	 * Start the proxy (on the test backend, no program) under
	 * {@code prlimit --nofile=64}, and wait until its socket listens.
	 */
	private ChildProcess activateUnderFdLimit64(String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of("-E",
				"LAUNCH_PROGRAM_SOCKET_PATH=" + this.directory.resolve("b.sock"), "prlimit", "--nofile=64:64", "--"));
		List<String> args = new ArrayList<>(List.of(options));
		args.add("-");
		command.addAll(ProxyRun.proxy(args));
		ChildProcess proxy = ChildProcess.start(Commands.socketActivate(List.of("127.0.0.1:" + this.port), command),
				Map.of());
		this.processes.add(proxy);
		proxy.awaitOutput("Listening on 127.0.0.1:" + this.port, ProxyRun.TIMEOUT);
		return proxy;
	}

	private Client open(String text) throws Exception {
		Client client = Client.connect(this.port, ProxyRun.TIMEOUT);
		client.send(text);
		assertThat(client.read(text.length())).isEqualTo(text);
		return client;
	}

	@Test
	void connectionLimitIsExactAndRefusesPastIt() throws Exception {
		ChildProcess proxy = activate("--proxy.connections.max=2");
		Client first = open("1");
		try (Client second = open("2")) {
			try (Client third = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				assertThat(third.isClosedByPeer()).isTrue();
			}
			assertThat(proxy.output()).contains("Connection limit reached: 2 connections open; refusing");
			first.close();
			try (Client fourth = openOnceAdmitted("4")) {
				fourth.halfClose();
				assertThat(fourth.readToEnd()).isEmpty();
			}
			second.send("!");
			assertThat(second.read(1)).isEqualTo("!");
		}
		// a limit of 2 counts as left once nothing is open
		proxy.awaitOutput("Below the connection limit again: 0 connections open", ProxyRun.TIMEOUT);
		assertThat(proxy.output()).containsOnlyOnce("Connection limit reached")
			.containsOnlyOnce("Below the connection limit");
	}

	/**
	 * Open a connection once the proxy admits it: a slot freed by a close is free once
	 * the proxy has seen the close, and until then a new connection is refused.
	 */
	private Client openOnceAdmitted(String text) throws Exception {
		long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
		while (true) {
			Client client = Client.connect(this.port, ProxyRun.TIMEOUT);
			try {
				client.send(text);
				assertThat(client.read(text.length())).isEqualTo(text);
				return client;
			}
			catch (IOException | AssertionError ex) {
				client.close();
				if (System.nanoTime() - deadline > 0) {
					throw ex;
				}
				Thread.sleep(50);
			}
		}
	}

	@Test
	void aStartUpFailureOutsideTheSettingsIsOneLineAndExitsWithTwo() throws Exception {
		// 64 event loops need some 200 fds (epoll, eventfd, timerfd each) under a limit
		// of 64: making the loops fails, an IllegalStateException from Netty
		ChildProcess proxy = activateUnderFdLimit64("--proxy.threads=64");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		assertThat(proxy.output()).containsPattern("proxy-app: cannot start: .*Too many open files")
			.doesNotContain("\tat io.netty")
			.doesNotContain("Forwarding");
	}

	@Test
	void acceptErrorIsLoggedAndTheProxyAcceptsAgain() throws Exception {
		// a low fd limit (some 20 are in use once it forwards) makes accept fail with
		// EMFILE once enough connections are open
		ChildProcess proxy = activateUnderFdLimit64("--proxy.connections.max=4096");
		open("first").close();
		List<Client> held = new ArrayList<>();
		try {
			for (int i = 0; i < 100 && !proxy.output().contains("accepting again in 1 s"); i++) {
				Client client = Client.connect(this.port, ProxyRun.TIMEOUT);
				held.add(client);
				client.send("x");
				Thread.sleep(20);
			}
			assertThat(proxy.output()).containsPattern("Accepting a connection on \\S+ failed: .*Too many open files");
		}
		finally {
			for (Client client : held) {
				client.close();
			}
		}
		assertThat(proxy.isAlive()).isTrue();
		long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
		String answer = "";
		while (!answer.equals("again") && System.nanoTime() < deadline) {
			Thread.sleep(200);
			answer = Client.exchange(this.port, "again", ProxyRun.TIMEOUT);
		}
		assertThat(answer).isEqualTo("again");
	}

	@Test
	void queuedConnectionIsServedWhenASlotFrees() throws Exception {
		activate("--proxy.connections.max=1", "--proxy.connections.overflow=queue", "--proxy.connections.queue-size=1");
		Client first = open("1");
		try (Client queued = Client.connect(this.port, SHORT)) {
			queued.send("waited");
			assertThat(queued.isClosedByPeer()).isFalse();
			try (Client refused = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				assertThat(refused.isClosedByPeer()).isTrue();
			}
			first.close();
			queued.halfClose();
			assertThat(awaitReply(queued, 6)).isEqualTo("waited");
		}
	}

	/**
	 * Read a queued connection's reply to the end, through the read timeouts of its wait
	 * for a slot.
	 */
	private static String awaitReply(Client queued, int length) throws IOException {
		long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
		StringBuilder reply = new StringBuilder();
		while (reply.length() < length && System.nanoTime() < deadline) {
			try {
				reply.append(queued.readToEnd());
			}
			catch (java.net.SocketTimeoutException ex) {
				// still waiting for the slot
			}
		}
		return reply.toString();
	}

	@Test
	void queuedConnectionIsStillServedWhenASlotFreesDuringTheStop() throws Exception {
		ChildProcess proxy = activate("--proxy.connections.max=1", "--proxy.connections.overflow=queue");
		Client first = open("1");
		try (Client queued = Client.connect(this.port, SHORT)) {
			queued.send("waited");
			assertThat(queued.isClosedByPeer()).isFalse();
			proxy.terminate();
			proxy.awaitOutput("Stopped accepting: 1 connection(s) open, 1 waiting for a slot", ProxyRun.TIMEOUT);
			// the backend is not the proxy's: it goes on, so the drain frees a slot
			first.close();
			queued.halfClose();
			assertThat(awaitReply(queued, 6)).isEqualTo("waited");
		}
		proxy.awaitExit(ProxyRun.TIMEOUT);
		assertThat(proxy.output()).doesNotContain("queued connection(s) closed");
	}

	@Test
	void queuedConnectionsStillWaitingAfterTheDrainAreClosedAndCounted() throws Exception {
		ChildProcess proxy = activate("--proxy.connections.max=1", "--proxy.connections.overflow=queue",
				"--proxy.connections.drain-timeout=1s");
		Client first = open("1");
		try (Client queued = Client.connect(this.port, SHORT)) {
			queued.send("waited");
			assertThat(queued.isClosedByPeer()).isFalse();
			proxy.terminate();
			// the first connection stays open through the drain: no slot frees
			proxy.awaitOutput("1 queued connection(s) closed unforwarded at the stop (counted as refused)",
					ProxyRun.TIMEOUT);
			assertThat(queued.isClosedByPeer()).isTrue();
		}
		finally {
			first.close();
		}
		proxy.awaitExit(ProxyRun.TIMEOUT);
	}

	@Test
	void idleConnectionIsClosed() throws Exception {
		activate("--proxy.connections.idle-timeout=1s");
		// the first connection starts the proxy; the second is timed from before it
		// opens, so its last byte, which the idle time counts from, comes after the start
		open("start").close();
		long start = System.nanoTime();
		try (Client client = open("busy")) {
			assertThat(client.isClosedByPeer()).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		}
	}

	@Test
	void connectionIsClosedAtItsMaximumLifetimeEvenWhenBusy() throws Exception {
		activate("--proxy.connections.max-lifetime=2s");
		// the first connection starts the proxy; the second is timed from before it
		// opens, so before the proxy accepts it, which its lifetime counts from
		open("start").close();
		long start = System.nanoTime();
		try (Client client = open("first")) {
			boolean closed = false;
			while (!closed && System.nanoTime() - start < ProxyRun.TIMEOUT.toNanos()) {
				try {
					client.send("x");
					closed = client.read(1).isEmpty();
				}
				catch (java.io.IOException ex) {
					closed = true;
				}
				Thread.sleep(100);
			}
			assertThat(closed).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		}
	}

	@Test
	void aQueuedConnectionsLifetimeCountsFromItsAccept() throws Exception {
		activate("--proxy.connections.max=1", "--proxy.connections.overflow=queue",
				"--proxy.connections.max-lifetime=3s");
		Client first = open("1");
		try {
			long start = System.nanoTime();
			try (Client queued = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				// a slot frees when the first connection's lifetime ends, after the
				// queued one's wait of about as long: its own lifetime is over by then
				assertThat(queued.isClosedByPeer()).isTrue();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
					.isLessThan(Duration.ofMillis(4500));
			}
		}
		finally {
			first.close();
		}
	}

	@Test
	void proxyExitsAfterTheExitIdleTimeAndStopsItsChild() throws Exception {
		List<String> args = new ArrayList<>(List.of("--proxy.exit-idle-time=2s"));
		args.addAll(ProxyRun.backendProgram());
		ChildProcess proxy = ProxyRun.activate(this.port, Map.of(), args);
		this.processes.add(proxy);
		this.leaks.watch(proxy, this.port);
		assertThat(Client.exchange(this.port, "once", ProxyRun.TIMEOUT)).isEqualTo("once");
		long childPid = Long.parseLong(proxy.awaitMatch("Started child pid (\\d+)", ProxyRun.TIMEOUT));
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isZero();
		assertThat(proxy.output()).contains("No connection for PT2S: exiting");
		assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
	}

}
