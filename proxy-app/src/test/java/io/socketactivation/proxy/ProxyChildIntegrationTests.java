package io.socketactivation.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import io.socketactivation.proxy.support.BufferLeaks;
import io.socketactivation.proxy.support.Client;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.proxy.support.TestBackend;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.NotifySocketServer;
import io.socketactivation.testsupport.SocketHolder;
import io.socketactivation.testsupport.CompletedCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * proxy-app running a child program (the {@code TestBackend}) under
 * {@code systemd-socket-activate}: launch_socket_server's contract and the supervision of
 * the child.
 *
 * @author socket-activation contributors
 */
class ProxyChildIntegrationTests {

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	private final BufferLeaks leaks = new BufferLeaks();

	private int port;

	@BeforeEach
	void preconditions() {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
	}

	@AfterEach
	void noBufferLost() throws Exception {
		// before the extension stops the processes
		this.leaks.assertNoneLost();
	}

	private ChildProcess activate(List<String> args) throws Exception {
		return activate(Map.of(), args);
	}

	private ChildProcess activate(Map<String, String> environment, List<String> args) throws Exception {
		ChildProcess proxy = ProxyRun.activate(this.port, environment, args);
		this.processes.add(proxy);
		return this.leaks.watch(proxy, this.port);
	}

	private static List<String> withBackend(List<String> proxyOptions, String... backendOptions) {
		List<String> args = new ArrayList<>(proxyOptions);
		args.addAll(ProxyRun.backendProgram(backendOptions));
		return args;
	}

	@Test
	void connectionThatTriggersActivationWaitsForTheChildToListen() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of(), "--listen-delay=2000"));
		assertThat(Client.exchange(this.port, "ping", ProxyRun.TIMEOUT)).isEqualTo("ping");
		String output = proxy.output();
		assertThat(output).contains("Started child pid").contains("backend listening");
		assertThat(output)
			.containsPattern("accepted its first connection \\(\\d+ ms after start, \\d+ ms after accept, "
					+ "([2-9]|\\d\\d+) attempts\\)");
	}

	@Test
	void childGetsAGeneratedSocketInAPrivateDirectoryAndNoListenVariables() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of()));
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		String socket = proxy.awaitMatch("backend socket=(\\S+) ", ProxyRun.TIMEOUT);
		assertThat(Path.of(socket).getFileName()).hasToString("backend.sock");
		assertThat(socket.getBytes()).hasSizeLessThanOrEqualTo(103);
		assertThat(proxy.output()).contains("directory-mode=rwx------ listen-variables=[]");
		proxy.terminate();
		proxy.awaitExit(ProxyRun.TIMEOUT);
		assertThat(Path.of(socket).getParent()).doesNotExist();
	}

	@Test
	void cleanChildExitEndsTheProxyWithZeroAndRemovesTheDirectory() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of(), "--exit-after=1:0"));
		assertThat(Client.exchange(this.port, "bye", ProxyRun.TIMEOUT)).isEqualTo("bye");
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isZero();
		assertThat(proxy.output()).contains("exited with status 0: exiting").doesNotContain("Stopping on signal");
		String socket = proxy.awaitMatch("backend socket=(\\S+) ", ProxyRun.TIMEOUT);
		assertThat(Path.of(socket).getParent()).doesNotExist();
	}

	@Test
	void childKilledBySignalEndsTheProxyWith128PlusTheSignal() throws Exception {
		try (TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "echo", 0)) {
			ChildProcess proxy = activate(List.of("--proxy.backend.tcp-address=127.0.0.1:" + tcp.port(), "sh", "-c",
					"sleep 1; kill -KILL $$"));
			assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
			assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(137);
			assertThat(proxy.output()).contains("exited with status 137: exiting");
		}
	}

	@Test
	void childInheritsNoNotifyOrWatchdogVariables() throws Exception {
		try (TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "echo", 0);
				NotifySocketServer notifySocket = NotifySocketServer.atPath()) {
			ChildProcess proxy = activate(
					Map.of("NOTIFY_SOCKET", notifySocket.notifySocket(), "WATCHDOG_USEC", "30000000"),
					List.of("--proxy.backend.tcp-address=127.0.0.1:" + tcp.port(), "sh", "-c",
							"echo \"child notify=<${NOTIFY_SOCKET:-none}> watchdog=<${WATCHDOG_USEC:-none}>\"; "
									+ "exec sleep 60"));
			assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
			// the command line is logged too, with '$' where the child prints values
			assertThat(proxy.awaitMatch("child notify=<([^$][^>]*)> watchdog=<none>", ProxyRun.TIMEOUT))
				.isEqualTo("none");
			assertThat(notifySocket.next(ProxyRun.TIMEOUT).text()).startsWith("READY=1");
			proxy.terminate();
			proxy.awaitExit(ProxyRun.TIMEOUT);
		}
	}

	@Test
	void crashingChildEndsTheProxyWithItsStatus() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of(), "--exit-after=1:3"));
		assertThat(Client.exchange(this.port, "crash", ProxyRun.TIMEOUT)).isEqualTo("crash");
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(3);
		assertThat(proxy.output()).contains("exited with status 3: exiting");
	}

	@Test
	void childEndedBySigtermFromElsewhereEndsTheProxyWithAFailureThatIsNot143() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of(), "--exit-after=1:143"));
		assertThat(Client.exchange(this.port, "term", ProxyRun.TIMEOUT)).isEqualTo("term");
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(1);
		assertThat(proxy.output())
			.contains("exited with status 143 (a SIGTERM the proxy did not send): exiting with 1");
	}

	@Test
	void sigtermStopsTheChildFirst() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of()));
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		long childPid = Long.parseLong(proxy.awaitMatch("Started child pid (\\d+)", ProxyRun.TIMEOUT));
		proxy.terminate();
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(143);
		assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		assertThat(proxy.output()).contains("Stopping on signal")
			.contains("Stopping child pid " + childPid + " (SIGTERM)")
			.contains("Stopped");
	}

	@Test
	void sigintStopsTheChildAndExitsWith130() throws Exception {
		// a process started in the background by a shell inherits SIGINT ignored, and
		// the JVM then leaves it ignored: as a service manager does, start it with the
		// default action
		List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT"));
		command
			.addAll(Commands.socketActivate(List.of("127.0.0.1:" + this.port), ProxyRun.proxy(withBackend(List.of()))));
		ChildProcess proxy = ChildProcess.start(command, Map.of());
		this.processes.add(proxy);
		proxy.awaitOutput("Listening on 127.0.0.1:" + this.port, ProxyRun.TIMEOUT);
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		long childPid = Long.parseLong(proxy.awaitMatch("Started child pid (\\d+)", ProxyRun.TIMEOUT));
		assertThat(CompletedCommand.run("kill", "-INT", String.valueOf(proxy.pid())).exitStatus()).isZero();
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(130);
		assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
		assertThat(proxy.output()).contains("Stopping on signal").contains("Stopping child pid " + childPid);
	}

	@Test
	void restartsUnderLoadLoseNoConnection() throws Exception {
		// the socket outlives each instance, as a systemd socket unit's does; the child
		// stops as a server does: it stops accepting, then serves what it accepted
		SocketHolder holder = new SocketHolder(this.processes
			.add(ChildProcess.start(Commands.fdLauncher(List.of("--hold", "--fd", "tcp:127.0.0.1:" + this.port),
					ProxyRun.proxy(withBackend(List.of(), "--graceful-stop=300"))), Map.of())));
		long instance = holder.startInstance(ProxyRun.TIMEOUT);
		assertThat(Client.exchange(this.port, "warm", ProxyRun.TIMEOUT)).isEqualTo("warm");
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicInteger succeeded = new AtomicInteger();
		AtomicBoolean stop = new AtomicBoolean();
		Thread client = new Thread(() -> {
			for (int i = 0; i < 20_000 && !stop.get(); i++) {
				String request = "request " + i;
				try {
					String answer = Client.exchange(this.port, request, ProxyRun.TIMEOUT);
					if (answer.equals(request)) {
						succeeded.incrementAndGet();
					}
					else {
						failures.add(request + ": '" + answer + "'");
					}
				}
				catch (IOException ex) {
					failures.add(request + ": " + ex);
				}
			}
		}, "client-loop");
		client.start();
		try {
			for (int restart = 0; restart < 3; restart++) {
				awaitMore(succeeded, 50);
				holder.stopInstance(instance, ProxyRun.TIMEOUT);
				instance = holder.startInstance(ProxyRun.TIMEOUT);
			}
			awaitMore(succeeded, 50);
		}
		finally {
			stop.set(true);
			client.join(ProxyRun.TIMEOUT.toMillis());
		}
		assertThat(client.isAlive()).isFalse();
		assertThat(failures).as("failed exchanges across 3 restarts").isEmpty();
		assertThat(succeeded.get()).isGreaterThan(200);
		assertThat(holder.output()).contains("Stopped accepting: ").contains("backend stopped accepting");
	}

	private static void awaitMore(AtomicInteger succeeded, int count) throws InterruptedException {
		int target = succeeded.get() + count;
		long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
		while (succeeded.get() < target) {
			assertThat(System.nanoTime()).as("%d more exchanges within %s", count, ProxyRun.TIMEOUT)
				.isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@Test
	void sigtermDuringAStopAlreadyUnderWayLetsItFinish() throws Exception {
		ChildProcess proxy = activate(
				withBackend(List.of("--proxy.exit-idle-time=1s", "--proxy.child.stop-timeout=3s"), "--ignore-term"));
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		long childPid = Long.parseLong(proxy.awaitMatch("Started child pid (\\d+)", ProxyRun.TIMEOUT));
		String socket = proxy.awaitMatch("backend socket=(\\S+) ", ProxyRun.TIMEOUT);
		proxy.awaitOutput("Stopping child pid " + childPid + " (SIGTERM)", ProxyRun.TIMEOUT);
		// the idle exit is stopping a child that ignores SIGTERM: the proxy's own
		// SIGTERM must not cut that stop short
		proxy.terminate();
		proxy.awaitExit(ProxyRun.TIMEOUT);
		boolean childAlive = ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false);
		ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
		assertThat(childAlive).as("the child is stopped").isFalse();
		assertThat(Path.of(socket).getParent()).as("the private directory is removed").doesNotExist();
		assertThat(proxy.output()).contains("Stopping on signal: the stop under way goes on")
			.contains("Child pid " + childPid + " still running PT3S after SIGTERM: sending SIGKILL");
	}

	@Test
	void aSignalWhileTheStartLooksTheLoginShellUpStartsNoChildAndSendsNoReady(@TempDir Path bin) throws Exception {
		// a getent that answers late, and says when it is asked
		Path asked = bin.resolve("asked");
		Path getent = bin.resolve("getent");
		Files.writeString(getent, "#!/bin/sh\ntouch '" + asked + "'\nsleep 2\necho \"$2:x:0:0::/:/bin/sh\"\n");
		assertThat(getent.toFile().setExecutable(true)).isTrue();
		try (NotifySocketServer notifySocket = NotifySocketServer.atPath()) {
			ChildProcess proxy = activate(
					Map.of("PATH", bin + ":/usr/bin:/bin", "NOTIFY_SOCKET", notifySocket.notifySocket()),
					List.of("--login-shell", "sh", "-c", "echo child=$((40 + 2)); exec sleep 60"));
			try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				// the connection that starts the proxy
				client.send("first");
				long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
				while (!Files.exists(asked)) {
					assertThat(System.nanoTime() - deadline).as("getent asked").isNegative();
					Thread.sleep(20);
				}
				proxy.terminate();
				assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(143);
			}
			// what the child would print, not its command line
			assertThat(proxy.output()).doesNotContain("Started child pid").doesNotContain("child=42");
			assertThat(notifySocket.collect(Duration.ofMillis(300))).extracting(NotifySocketServer.Notification::text)
				.noneMatch((text) -> text.startsWith("READY=1"));
		}
	}

	@Test
	void queuedConnectionsAreClosedAndCountedWhenTheChildIsStopped() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of("--proxy.connections.max=1",
				"--proxy.connections.overflow=queue", "--proxy.connections.drain-timeout=1s")));
		Client first = Client.connect(this.port, ProxyRun.TIMEOUT);
		first.send("1");
		assertThat(first.read(1)).isEqualTo("1");
		try (Client queued = Client.connect(this.port, Duration.ofMillis(700))) {
			queued.send("waited");
			assertThat(queued.isClosedByPeer()).isFalse();
			proxy.terminate();
			proxy.awaitOutput("1 queued connection(s) closed unforwarded at the stop (counted as refused)",
					ProxyRun.TIMEOUT);
			assertThat(queued.isClosedByPeer()).isTrue();
			assertThat(proxy.output().indexOf("queued connection(s) closed"))
				.isLessThan(proxy.output().indexOf("Stopping child pid"));
		}
		finally {
			first.close();
		}
		proxy.awaitExit(ProxyRun.TIMEOUT);
	}

	@Test
	void childIgnoringSigtermIsKilledAfterTheStopTimeout() throws Exception {
		ChildProcess proxy = activate(withBackend(List.of("--proxy.child.stop-timeout=1s"), "--ignore-term"));
		assertThat(Client.exchange(this.port, "x", ProxyRun.TIMEOUT)).isEqualTo("x");
		long childPid = Long.parseLong(proxy.awaitMatch("Started child pid (\\d+)", ProxyRun.TIMEOUT));
		proxy.terminate();
		proxy.awaitExit(ProxyRun.TIMEOUT);
		assertThat(proxy.output()).contains("backend ignoring SIGTERM")
			.contains("Child pid " + childPid + " still running PT1S after SIGTERM: sending SIGKILL");
		assertThat(ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
	}

	@Test
	void loginShellRunsTheProgramThroughTheAccountsShellAsLaunchSocketServerDoes() throws Exception {
		CompletedCommand getent = CompletedCommand.run("getent", "passwd", System.getProperty("user.name"));
		String[] entry = getent.output().trim().split(":", -1);
		assumeTrue(getent.exitStatus() == 0 && entry.length == 7 && entry[6].startsWith("/"), "no account shell here");
		// the account database, not SHELL (a service manager's environment may lack it)
		ChildProcess proxy = activate(Map.of("SHELL", "/nonexistent/shell"), withBackend(List.of("--login-shell")));
		assertThat(Client.exchange(this.port, "shell", ProxyRun.TIMEOUT)).isEqualTo("shell");
		assertThat(proxy.output()).contains(": " + entry[6] + " -l -c exec \"$0\" \"$@\" ");
	}

	@Test
	void childListensOnTheSocketPathThatIsSetAndNotOnAnInheritedOne() throws Exception {
		Path directory = Files.createTempDirectory("proxy-app-it");
		try {
			Path socket = directory.resolve("set.sock");
			ChildProcess proxy = activate(
					Map.of("LAUNCH_PROGRAM_SOCKET_PATH", directory.resolve("inherited.sock").toString()),
					withBackend(List.of("--proxy.backend.socket-path=" + socket)));
			assertThat(Client.exchange(this.port, "set", ProxyRun.TIMEOUT)).isEqualTo("set");
			assertThat(proxy.awaitMatch("backend socket=(\\S+) ", ProxyRun.TIMEOUT)).isEqualTo(socket.toString());
			proxy.terminate();
			proxy.awaitExit(ProxyRun.TIMEOUT);
		}
		finally {
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	@Test
	void childOfATcpBackendInheritsNoSocketPath() throws Exception {
		try (TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "echo", 0)) {
			ChildProcess proxy = activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", "/run/inherited.sock"),
					List.of("--proxy.backend.tcp-address=127.0.0.1:" + tcp.port(), "sh", "-c",
							"echo \"child socket path=<${LAUNCH_PROGRAM_SOCKET_PATH:-none}>\"; exec sleep 60"));
			assertThat(Client.exchange(this.port, "tcp", ProxyRun.TIMEOUT)).isEqualTo("tcp");
			// the command line is logged too, with a '$' where the child prints the value
			assertThat(proxy.awaitMatch("child socket path=<([^$][^>]*)>", ProxyRun.TIMEOUT)).isEqualTo("none");
			proxy.terminate();
			proxy.awaitExit(ProxyRun.TIMEOUT);
		}
	}

	@Test
	void generatedSocketPathTooLongIsOneLineNamingTheDirectoryParent(@TempDir Path temporary) throws Exception {
		Path parent = Files.createDirectories(temporary.resolve("d".repeat(100 - temporary.toString().length())));
		ChildProcess proxy = activate(withBackend(List.of("--proxy.child.directory-parent=" + parent)));
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		assertThat(proxy.output()).contains("proxy-app: the socket path generated in proxy.child.directory-parent='")
			.contains("a Unix socket path may have at most 103")
			.doesNotContain("Started child")
			.doesNotContain("Forwarding");
		try (Stream<Path> left = Files.list(parent)) {
			assertThat(left).as("the private directory is removed").isEmpty();
		}
	}

	@Test
	void programThatCannotStartIsOneLineAndNothingListens(@TempDir Path parent) throws Exception {
		ChildProcess proxy = activate(List.of("--proxy.child.directory-parent=" + parent, "/nonexistent/program"));
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		assertThat(proxy.output()).contains("proxy-app: cannot start program '/nonexistent/program'")
			.doesNotContain("Forwarding");
		assertThat(Files.exists(Path.of("/nonexistent"))).isFalse();
		try (Stream<Path> left = Files.list(parent)) {
			assertThat(left).as("the private directory is removed").isEmpty();
		}
	}

}
