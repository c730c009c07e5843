package io.socketactivation.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.socketactivation.proxy.support.BufferLeaks;
import io.socketactivation.proxy.support.Client;
import io.socketactivation.proxy.support.EventLoopThreads;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.proxy.support.TestBackend;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.CompletedCommand;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.ProcessSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * proxy-app with no program ({@code -}) forwarding to a backend in the test JVM: targets,
 * the data path, and faults of the backend and the client.
 *
 * @author socket-activation contributors
 */
class ProxyForwardingIntegrationTests {

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	/** A line of proxy-app's log. */
	private static final Pattern PROXY_LINE = Pattern.compile(
			"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) (TRACE|DEBUG|INFO |WARN |ERROR) proxy-app: .+");

	/** A line systemd-socket-activate writes about its own work. */
	private static final Pattern SOCKET_ACTIVATE_LINE = Pattern
		.compile("(Listening on .+ as \\d+\\.|Communication attempt on fd \\d+\\.|Execing .+)");

	private final List<TestBackend> backends = new ArrayList<>();

	private final BufferLeaks leaks = new BufferLeaks();

	@TempDir
	Path directory;

	private int port;

	private Path socket;

	@BeforeEach
	void preconditions() {
		Commands.assumeSystemdSocketActivate();
		this.port = Commands.freePort();
		this.socket = this.directory.resolve("backend.sock");
	}

	@AfterEach
	void stop() throws Exception {
		try {
			this.leaks.assertNoneLost();
		}
		finally {
			this.processes.close();
			closeAll(this.backends);
		}
	}

	/**
	 * Close every backend, even when one fails to close.
	 */
	private static void closeAll(List<TestBackend> backends) throws IOException {
		IOException failure = null;
		for (TestBackend backend : backends) {
			try {
				backend.close();
			}
			catch (IOException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Return the options choosing the data path's transport.
	 * @return the options (none: the best available, epoll here)
	 */
	List<String> transportOptions() {
		return List.of();
	}

	/**
	 * Whether the transport reaches a Linux abstract socket (the native ones do, NIO does
	 * not).
	 * @return whether it does
	 */
	boolean reachesAbstractSockets() {
		return transportOptions().isEmpty();
	}

	/**
	 * Whether the transport passes on a Unix socket backend's end of input while the
	 * client still sends (NIO's Unix channel cannot, nor can io_uring's in Netty 4.2.15:
	 * its end of input closes it).
	 * @return whether it does
	 */
	boolean passesOnBackendHalfClose() {
		return true;
	}

	/**
	 * Whether every event loop accepts on the activated socket, each on its own fd (the
	 * native transports do; NIO has one acceptor).
	 * @return whether they do
	 */
	boolean acceptsOnEveryLoop() {
		return true;
	}

	/**
	 * Whether the transport's channels show their fd, so that the proxy can tell how much
	 * of what it sent a side has taken from the kernel's buffers (NIO's do not).
	 * @return whether they do
	 */
	boolean showsKernelOutputQueues() {
		return true;
	}

	private ChildProcess activate(Map<String, String> environment, String... options) throws Exception {
		List<String> args = new ArrayList<>(transportOptions());
		args.addAll(List.of(options));
		args.add("-");
		ChildProcess proxy = ProxyRun.activate(this.port, environment, args);
		this.processes.add(proxy);
		return this.leaks.watch(proxy, this.port);
	}

	private ChildProcess activateToSocket(String... options) throws Exception {
		return activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString()), options);
	}

	/**
	 * Start the proxy, forwarding to the backend's socket, on other activated sockets
	 * than the loopback port (no buffer-leak check, which connects to that port).
	 */
	private ChildProcess activateToSocketOn(List<String> listen, String... options) throws Exception {
		List<String> args = new ArrayList<>(transportOptions());
		args.addAll(List.of(options));
		args.add("-");
		ChildProcess proxy = ProxyRun.activate(listen, Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString()),
				args);
		this.processes.add(proxy);
		return proxy;
	}

	private TestBackend backend(String mode, long readDelayMillis) throws Exception {
		Files.deleteIfExists(this.socket);
		TestBackend backend = TestBackend.start(UnixDomainSocketAddress.of(this.socket), mode, readDelayMillis);
		this.backends.add(backend);
		return backend;
	}

	@Test
	void tcpAddressWinsOverSocketPath() throws Exception {
		TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "echo", 0);
		this.backends.add(tcp);
		activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString(), "LAUNCH_PROGRAM_TCP_ADDRESS",
				"127.0.0.1:" + tcp.port()));
		assertThat(Client.exchange(this.port, "over tcp", ProxyRun.TIMEOUT)).isEqualTo("over tcp");
		assertThat(tcp.connections()).isEqualTo(1);
	}

	@Test
	void forwardsFromEveryActivatedSocketAUnixOneIncludedAndLeavesItsPathInPlace() throws Exception {
		backend("echo", 0);
		Path listening = this.directory.resolve("listening.sock");
		ChildProcess proxy = activateToSocketOn(List.of(listening.toString(), "127.0.0.1:" + this.port));
		this.leaks.watch(proxy, this.port);
		// the first connection, on the Unix socket, starts the proxy
		assertThat(exchange(UnixDomainSocketAddress.of(listening), "over unix")).isEqualTo("over unix");
		assertThat(Client.exchange(this.port, "over tcp", ProxyRun.TIMEOUT)).isEqualTo("over tcp");
		assertThat(exchange(UnixDomainSocketAddress.of(listening), "again")).isEqualTo("again");
		assertThat(proxy.output()).contains("Forwarding systemd socket 'unknown' (fd 3) on " + listening)
			.contains("Forwarding systemd socket 'unknown' (fd 4) on 127.0.0.1:" + this.port);
		this.leaks.assertNoneLost();
		proxy.terminate();
		proxy.awaitExit(ProxyRun.TIMEOUT);
		// the socket is the service manager's: a stop leaves it for the next start
		assertThat(listening).exists();
		// proxy-app's own lines, from start to stop, and nothing else: no warning of a
		// library or the JVM (SLF4J's, say, of loggers used while it initializes)
		assertThat(proxy.output().lines().filter((line) -> !SOCKET_ACTIVATE_LINE.matcher(line).matches())).isNotEmpty()
			.allMatch((line) -> PROXY_LINE.matcher(line).matches());
	}

	@Test
	void aClientThatEndsAfterTheBackendStillGetsWhatTheProxyHoldsForIt() throws Exception {
		// the backend sends twice what a Unix socket's buffers hold and ends its output;
		// the client reads nothing until it has ended its own: the proxy holds the rest,
		// which must reach the client before the proxy closes the connection
		assumeTrue(passesOnBackendHalfClose(), "this transport's Unix channel closes at its end of input");
		backend("flood", 0);
		Path listening = this.directory.resolve("listening.sock");
		ChildProcess proxy = activateToSocketOn(List.of(listening.toString()), "--debug");
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(listening))) {
			proxy.awaitOutput("Forwarding connection from", ProxyRun.TIMEOUT);
			// time for the backend's bytes and end to reach the proxy
			Thread.sleep(1000);
			client.shutdownOutput();
			Future<byte[]> received = executor.submit(() -> {
				ByteArrayOutputStream all = new ByteArrayOutputStream();
				ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
				while (client.read(buffer.clear()) >= 0) {
					all.write(buffer.array(), 0, buffer.position());
				}
				return all.toByteArray();
			});
			// closing the channel (when the time is up) ends a read that waits
			byte[] reply = received.get(ProxyRun.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			byte[] expected = TestBackend.floodBytes();
			assertThat(reply).hasSize(expected.length);
			assertThat(Arrays.mismatch(reply, expected)).as("index of the first byte that differs").isEqualTo(-1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void aUnixClientThatHangsUpAfterItsHalfCloseCostsNothingWhileTheBackendWorksOrIsDown() throws Exception {
		// epoll reports a Unix socket whose peer closed at every wait, and Netty ignores
		// that report when it comes alone: a client kept open would spin its event loop
		TestBackend backend = backend("echo", 3000);
		Path listening = this.directory.resolve("listening.sock");
		ChildProcess proxy = activateToSocketOn(List.of(listening.toString()), "--proxy.backend.connect-timeout=30s");
		// the backend takes 3 s to answer the first client, which has gone by then
		hangUpAfterHalfClose(listening, proxy);
		assertThat(idleEventLoopCpuMillis(proxy)).as("event loops' CPU time (ms) in 1 s, backend working")
			.isLessThan(200);
		// no backend now: the second client waits for it to come back
		backend.close();
		Files.deleteIfExists(this.socket);
		hangUpAfterHalfClose(listening, proxy);
		assertThat(idleEventLoopCpuMillis(proxy)).as("event loops' CPU time (ms) in 1 s, backend down").isLessThan(200);
		if (passesOnBackendHalfClose()) {
			// what that client sent still reaches the backend once it is back (NIO and
			// io_uring close a Unix connection at its end of input: nothing is held)
			TestBackend back = backend("greet", 0);
			long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
			while (back.lastReceived() < 0 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(back.lastReceived()).as("bytes the backend received").isEqualTo("request".length());
		}
	}

	private static void hangUpAfterHalfClose(Path listening, ChildProcess proxy) throws Exception {
		try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(listening))) {
			client.write(ByteBuffer.wrap("request".getBytes(StandardCharsets.US_ASCII)));
			client.shutdownOutput();
			// the first connection starts the proxy: the half-close is seen on its own
			proxy.awaitOutput("Forwarding systemd socket", ProxyRun.TIMEOUT);
			Thread.sleep(500);
		}
	}

	private static long idleEventLoopCpuMillis(ChildProcess proxy) throws Exception {
		// what the proxy does at the hang-up first
		Thread.sleep(300);
		long before = EventLoopThreads.of(proxy.pid()).cpuMillis();
		Thread.sleep(1000);
		return EventLoopThreads.of(proxy.pid()).cpuMillis() - before;
	}

	private static String exchange(UnixDomainSocketAddress address, String request) throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try (SocketChannel channel = SocketChannel.open(address)) {
			// the echo as it comes, with no half-close: on NIO and io_uring a Unix
			// socket's end of input closes its connection (Netty 4.2.15)
			byte[] sent = request.getBytes(StandardCharsets.UTF_8);
			Future<String> answer = executor.submit(() -> {
				channel.write(ByteBuffer.wrap(sent));
				ByteArrayOutputStream received = new ByteArrayOutputStream();
				ByteBuffer buffer = ByteBuffer.allocate(4096);
				while (received.size() < sent.length && channel.read(buffer.clear()) >= 0) {
					received.write(buffer.array(), 0, buffer.position());
				}
				return received.toString(StandardCharsets.UTF_8);
			});
			// closing the channel (when the time is up) ends a read that waits
			return answer.get(ProxyRun.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void withoutJnaTheStartFailsWithJnasOwnCause() throws Exception {
		backend("echo", 0);
		// JNA may neither unpack its library nor take the system's
		ChildProcess proxy = activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString(), "JAVA_TOOL_OPTIONS",
				"-Djna.nounpack=true -Djna.nosys=true"));
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.isClosedByPeer()).isTrue();
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		// JNA gives the cause to its first caller only, the preload thread, which logs
		// it;
		// the start fails next, as before
		assertThat(proxy.output())
			.contains("WARN  proxy-app: JNA cannot load native code here (java.lang.UnsatisfiedLinkError")
			.contains("set -Djna.tmpdir")
			.contains("proxy-app: ")
			.doesNotContain("Forwarding");
	}

	@Test
	void tcpBackendNamedByAHostNameIsReached() throws Exception {
		TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "echo", 0);
		this.backends.add(tcp);
		activate(Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "localhost:" + tcp.port()));
		assertThat(Client.exchange(this.port, "by name", ProxyRun.TIMEOUT)).isEqualTo("by name");
		assertThat(Client.exchange(this.port, "again", ProxyRun.TIMEOUT)).isEqualTo("again");
		assertThat(tcp.connections()).isEqualTo(2);
	}

	@Test
	void aSlowHostNameLookupCountsInTheConnectTimeout() throws Exception {
		TestBackend tcp = tcpBackend();
		Path hosts = hostsFileThatWaits();
		ChildProcess proxy = activateToBackendTest(tcp, hosts, "--proxy.backend.connect-timeout=2s");
		long start = System.nanoTime();
		// the first connection starts the proxy, the connect timeout starts at its accept
		try (Client waiting = Client.connect(this.port, Duration.ofSeconds(15))) {
			waiting.send("waiting");
			assertThat(waiting.isClosedByPeer()).as("closed at the connect timeout").isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		}
		proxy.awaitOutput("last: the lookup of backend.test did not finish in time", ProxyRun.TIMEOUT);
		endLookup(hosts);
		assertOnlyTheNextConnectionIsForwarded(proxy, tcp);
	}

	@Test
	void aConnectionThatEndsWhileItsBackendIsLookedUpIsNeverForwarded() throws Exception {
		TestBackend tcp = tcpBackend();
		Path hosts = hostsFileThatWaits();
		ChildProcess proxy = activateToBackendTest(tcp, hosts, "--proxy.connections.max-lifetime=1s");
		try (Client ended = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			ended.send("ended");
			assertThat(ended.isClosedByPeer()).as("closed at its max lifetime").isTrue();
		}
		endLookup(hosts);
		assertOnlyTheNextConnectionIsForwarded(proxy, tcp);
	}

	/**
	 * Start the proxy forwarding to {@code backend.test}, the TCP backend's port, with
	 * names looked up in the given hosts file.
	 */
	private ChildProcess activateToBackendTest(TestBackend tcp, Path hosts, String... options) throws Exception {
		return activate(Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "backend.test:" + tcp.port(), "JAVA_TOOL_OPTIONS",
				"-Djdk.net.hosts.file=" + hosts), options);
	}

	/**
	 * Once the lookup ended: a new connection is forwarded, and it is the only one the
	 * backend ever accepted; the abandoned lookup's late result was dropped quietly
	 * (Netty warns with a stack trace when a lookup's promise was cancelled).
	 */
	private void assertOnlyTheNextConnectionIsForwarded(ChildProcess proxy, TestBackend tcp) throws Exception {
		assertThat(Client.exchange(this.port, "found", ProxyRun.TIMEOUT)).isEqualTo("found");
		assertThat(tcp.connections()).as("connections the backend accepted").isEqualTo(1);
		assertThat(proxy.output()).doesNotContain("An exception was thrown");
	}

	private TestBackend tcpBackend() throws Exception {
		TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "echo", 0);
		this.backends.add(tcp);
		return tcp;
	}

	/**
	 * Return a hosts file for {@code jdk.net.hosts.file}, which the JDK reads at each
	 * lookup it has not cached: a FIFO, so a lookup waits until {@link #endLookup(Path)}.
	 */
	private Path hostsFileThatWaits() throws Exception {
		Path hosts = this.directory.resolve("hosts");
		assertThat(CompletedCommand.run("mkfifo", hosts.toString()).exitStatus()).isZero();
		return hosts;
	}

	/**
	 * End the lookup waiting on the hosts file: {@code backend.test} is
	 * {@code 127.0.0.1}, which the JDK then caches.
	 */
	private static void endLookup(Path hosts) throws Exception {
		assertThat(CompletedCommand.run("sh", "-c", "printf '127.0.0.1 backend.test\\n' > " + hosts).exitStatus())
			.isZero();
	}

	@Test
	void forwardsToALinuxAbstractSocket() throws Exception {
		assumeTrue(reachesAbstractSockets(), "abstract sockets need a native transport");
		String name = "proxy-app-test-" + ProcessHandle.current().pid() + "-" + this.port;
		String script = String.join("\n", "import socket", "s = socket.socket(socket.AF_UNIX)",
				"s.bind('\\0" + name + "')", "s.listen(8)", "print('listening', flush=True)", "c, _ = s.accept()",
				"c.sendall(b'abstract:' + c.recv(100))", "c.close()");
		ChildProcess python = ChildProcess.start(List.of("python3", "-c", script), Map.of());
		this.processes.add(python);
		python.awaitOutput("listening", ProxyRun.TIMEOUT);
		activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", "@" + name));
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("hi");
			assertThat(client.readToEnd()).isEqualTo("abstract:hi");
		}
	}

	@Test
	void endOfInputIsPassedOnFromClientToBackend() throws Exception {
		backend("count", 0);
		activateToSocket();
		byte[] upload = new byte[3 * 1024 * 1024 + 17];
		ThreadLocalRandom.current().nextBytes(upload);
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send(upload);
			client.halfClose();
			assertThat(client.readToEnd()).isEqualTo(countReply(upload));
		}
	}

	@Test
	void whatABackendSendsBeforeClosingReachesAClientThatReadsLate() throws Exception {
		// the client ends first, then the backend sends far more than the socket buffers
		// hold and closes at once, while the client reads slowly: the backend's
		// close must not cut off what the proxy still holds for the client
		backend("dump", 0);
		activateToSocket();
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("x".getBytes(StandardCharsets.US_ASCII));
			client.halfClose();
			byte[] reply = client.readToEndSlowly(Duration.ofMillis(2));
			byte[] expected = TestBackend.dumpBytes();
			assertThat(reply).hasSize(expected.length);
			assertThat(Arrays.mismatch(reply, expected)).as("index of the first byte that differs").isEqualTo(-1);
		}
	}

	@Test
	void aSlowReaderIsNotIdleWhileItTakesBytes() throws Exception {
		// the client takes 160 KiB/s of a 24 MiB response: the proxy stops reading from
		// the backend for far longer than the idle timeout while the client's buffers
		// drain, yet bytes move all the time
		assumeTrue(showsKernelOutputQueues(), "this transport's channels show no fd");
		backend("dump", 0);
		activateToSocket("--proxy.connections.idle-timeout=1s");
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			client.setSoTimeout((int) ProxyRun.TIMEOUT.toMillis());
			client.getOutputStream().write('x');
			client.shutdownOutput();
			InputStream in = client.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] buffer = new byte[16 * 1024];
			// slow for 3 s from the first bytes (the connection starts the proxy first)
			long slowUntil = 0;
			int read;
			while ((read = in.read(buffer)) >= 0) {
				received.write(buffer, 0, read);
				if (slowUntil == 0) {
					slowUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
				}
				if (System.nanoTime() - slowUntil < 0) {
					Thread.sleep(100);
				}
			}
			byte[] expected = TestBackend.dumpBytes();
			assertThat(received.size()).isEqualTo(expected.length);
			assertThat(Arrays.mismatch(received.toByteArray(), expected)).as("index of the first byte that differs")
				.isEqualTo(-1);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1000, 32 * 1024 * 1024 })
	void endOfInputIsPassedOnFromBackendToClientWhileTheClientStillSends(int upload) throws Exception {
		// 32 MiB: more than the socket buffers hold, so the proxy must wait for the
		// half-closed backend to become writable again
		assumeTrue(passesOnBackendHalfClose(), "this transport's Unix channel closes at the backend's end of input");
		TestBackend backend = backend("greet", 0);
		activateToSocket();
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			assertThat(client.readToEnd()).isEqualTo("hello\n");
			byte[] chunk = new byte[Math.min(upload, 1024 * 1024)];
			for (int sent = 0; sent < upload; sent += chunk.length) {
				client.send(chunk);
			}
			client.halfClose();
			long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
			while (backend.lastReceived() < 0 && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
		}
		assertThat(backend.lastReceived()).isEqualTo(upload);
	}

	@Test
	void largeUploadIntoASlowBackendArrivesIntactAndIsHeldBackNotBuffered() throws Exception {
		backend("count", 2);
		// 64 MiB through a proxy that may hold 16 MiB of buffers: it must read from the
		// client only as fast as the backend takes (else: OutOfMemoryError, and the
		// connection fails)
		activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString(), "JAVA_TOOL_OPTIONS",
				"-XX:MaxDirectMemorySize=16m"));
		byte[] chunk = new byte[1024 * 1024];
		ThreadLocalRandom.current().nextBytes(chunk);
		int chunks = 64;
		var digest = java.security.MessageDigest.getInstance("SHA-256");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			for (int i = 0; i < chunks; i++) {
				client.send(chunk);
				digest.update(chunk);
			}
			client.halfClose();
			assertThat(client.readToEnd()).isEqualTo("count=" + ((long) chunks * chunk.length) + " sha256="
					+ HexFormat.of().formatHex(digest.digest()) + "\n");
		}
	}

	@Test
	void largeDownloadToAClientThatDoesNotReadIsHeldBackNotBuffered() throws Exception {
		TestBackend backend = backend("stream", 0);
		// 256 MiB through a proxy that may hold 16 MiB of buffers, to a client that stops
		// reading: the proxy must stop reading from the backend, whose writes then block
		// one arena: the pooled allocator, as shipped (16 MiB would leave Netty none)
		activate(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString(), "JAVA_TOOL_OPTIONS",
				"-XX:MaxDirectMemorySize=16m -Dio.netty.allocator.numDirectArenas=1"));
		try (Socket client = new Socket()) {
			// a bounded window, whatever the host's TCP buffer limits
			client.setReceiveBufferSize(256 * 1024);
			client.connect(new InetSocketAddress("127.0.0.1", this.port), 10_000);
			client.setSoTimeout((int) ProxyRun.TIMEOUT.toMillis());
			InputStream in = client.getInputStream();
			int first = in.read();
			assertThat(first).isZero();
			long held = awaitStill(backend::written, Duration.ofSeconds(1));
			// what the kernel's buffers on the way and the proxy's own hold: a few MiB
			assertThat(held).as("bytes the backend could write while the client read none")
				.isLessThan(32L * 1024 * 1024);
			long received = 1;
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				for (int i = 0; i < read; i++) {
					if (buffer[i] != (byte) ((received + i) % (64 * 1024) % 251)) {
						throw new AssertionError("byte " + (received + i) + " differs");
					}
				}
				received += read;
			}
			assertThat(received).isEqualTo(TestBackend.STREAM_SIZE);
		}
	}

	/**
	 * Wait until a count has not changed for the given time (for the test timeout at
	 * most) and return it.
	 */
	private static long awaitStill(LongSupplier count, Duration still) throws InterruptedException {
		long deadline = System.nanoTime() + ProxyRun.TIMEOUT.toNanos();
		long last = count.getAsLong();
		long since = System.nanoTime();
		while (System.nanoTime() - since < still.toNanos() && System.nanoTime() < deadline) {
			Thread.sleep(50);
			long now = count.getAsLong();
			if (now != last) {
				last = now;
				since = System.nanoTime();
			}
		}
		return last;
	}

	@Test
	void aBackendResetClosesTheClientPromptlyAndIsCountedAsSuch() throws Exception {
		TestBackend tcp = TestBackend.start(new InetSocketAddress("127.0.0.1", 0), "reset", 0);
		this.backends.add(tcp);
		ChildProcess proxy = activate(Map.of("LAUNCH_PROGRAM_TCP_ADDRESS", "127.0.0.1:" + tcp.port()), "--debug");
		// twice: the proxy goes on after a reset
		for (int i = 1; i <= 2; i++) {
			try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				client.send("going");
				// an end of input, not a reset (a reset passed on would drop what the
				// kernel holds for it): reading to the end throws on a reset
				assertThat(client.readToEnd()).isEmpty();
			}
		}
		assertThat(tcp.connections()).isEqualTo(2);
		proxy.awaitOutput("backend-reset", ProxyRun.TIMEOUT);
		assertThat(proxy.output()).doesNotContain("backend-io");
	}

	@Test
	void connectionsWaitForABackendThatStartsLate() throws Exception {
		ChildProcess proxy = activateToSocket();
		try (Client first = Client.connect(this.port, ProxyRun.TIMEOUT);
				Client second = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			first.send("one");
			second.send("two");
			proxy.awaitOutput("Forwarding", ProxyRun.TIMEOUT);
			Thread.sleep(1500);
			backend("echo", 0);
			first.halfClose();
			second.halfClose();
			assertThat(first.readToEnd()).isEqualTo("one");
			assertThat(second.readToEnd()).isEqualTo("two");
		}
	}

	@Test
	void backendDownClosesTheConnectionAfterTheConnectTimeoutAndTheProxyGoesOn() throws Exception {
		ChildProcess proxy = activateToSocket("--proxy.backend.connect-timeout=1s");
		for (int i = 0; i < 3; i++) {
			try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
				client.send("lost");
				assertThat(client.isClosedByPeer()).isTrue();
			}
		}
		proxy.awaitOutput("did not accept the connection from", ProxyRun.TIMEOUT);
		backend("echo", 0);
		assertThat(Client.exchange(this.port, "later", ProxyRun.TIMEOUT)).isEqualTo("later");
		assertThat(proxy.isAlive()).isTrue();
		// one warning for the outage, not one per connection, and one line at its end
		proxy.awaitOutput("accepts connections again; 3 connection(s) were closed unforwarded before",
				ProxyRun.TIMEOUT);
		assertThat(proxy.output().split("did not accept the connection from", -1)).hasSize(2);
	}

	@Test
	void backendRestartingUnderLoadLosesOnlyConnectionsItHadAccepted() throws Exception {
		backend("echo", 0);
		activateToSocket();
		assertThat(Client.exchange(this.port, "warm", ProxyRun.TIMEOUT)).isEqualTo("warm");
		int clientCount = 4;
		int maxRequests = 5000;
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger sent = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(clientCount);
		try {
			List<Future<Integer>> failures = new ArrayList<>();
			for (int c = 0; c < clientCount; c++) {
				int id = c;
				failures.add(clients.submit(() -> {
					int failed = 0;
					// until the restarted backend has served some of them (bounded)
					for (int i = 0; i < maxRequests && !stop.get(); i++) {
						String request = "client " + id + " request " + i;
						sent.incrementAndGet();
						try {
							failed += Client.exchange(this.port, request, ProxyRun.TIMEOUT).equals(request) ? 0 : 1;
						}
						catch (java.io.IOException ex) {
							failed++;
						}
					}
					return failed;
				}));
			}
			Thread.sleep(300);
			this.backends.remove(0).close();
			int sentBeforeRestart = sent.get();
			Thread.sleep(500);
			TestBackend restarted = backend("echo", 0);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (restarted.connections() < 10 * clientCount && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			stop.set(true);
			int failed = 0;
			for (Future<Integer> result : failures) {
				failed += result.get(120, TimeUnit.SECONDS);
			}
			assertThat(sentBeforeRestart).as("requests sent while the old backend ran").isGreaterThan(clientCount);
			assertThat(restarted.connections()).as("connections the restarted backend served")
				.isGreaterThanOrEqualTo(10 * clientCount);
			// only a connection the old backend had accepted (one per client at most) can
			// be lost; every one arriving while it was down waited for the new one
			assertThat(failed).isLessThanOrEqualTo(clientCount);
		}
		finally {
			stop.set(true);
			clients.shutdownNow();
		}
	}

	@Test
	void aStopLetsOpenConnectionsFinishWithinTheDrainTimeout() throws Exception {
		backend("echo", 0);
		ChildProcess proxy = activateToSocket();
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("before");
			assertThat(client.read(6)).isEqualTo("before");
			proxy.terminate();
			proxy.awaitOutput("Stopped accepting: 1 connection(s) open", ProxyRun.TIMEOUT);
			client.send("after");
			client.halfClose();
			assertThat(client.readToEnd()).isEqualTo("after");
		}
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(143);
		assertThat(proxy.output()).doesNotContain("still open");
	}

	@Test
	void connectionsStillOpenAfterTheDrainTimeoutAreClosed() throws Exception {
		backend("echo", 0);
		ChildProcess proxy = activateToSocket("--proxy.connections.drain-timeout=1s");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("held");
			assertThat(client.read(4)).isEqualTo("held");
			proxy.terminate();
			assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(143);
			assertThat(proxy.output()).contains("1 connection(s) still open PT1S after accepting stopped "
					+ "(proxy.connections.drain-timeout): closing them");
			assertThat(client.isClosedByPeer()).isTrue();
		}
	}

	@Test
	void everyEventLoopAcceptsWithoutBlockingAndServesTheConnectionsItAccepted() throws Exception {
		backend("echo", 0);
		ChildProcess proxy = activateToSocket("--proxy.threads=2");
		List<Client> clients = new ArrayList<>();
		try {
			// a loop woken for a connection another loop accepted must not block in
			// accept: the connections it serves would wait for the next one
			for (int i = 0; i < 8; i++) {
				Client client = Client.connect(this.port, ProxyRun.TIMEOUT);
				clients.add(client);
				client.send("c" + i);
				assertThat(client.read(2)).isEqualTo("c" + i);
			}
			for (int i = 0; i < clients.size(); i++) {
				clients.get(i).send("again" + i);
				assertThat(clients.get(i).read(6)).isEqualTo("again" + i);
			}
		}
		finally {
			for (Client client : clients) {
				client.close();
			}
		}
		Map<Integer, Boolean> listenerFds = ProcessSockets.of(proxy.pid()).listenerFds(this.port);
		assertThat(listenerFds).hasSize(acceptsOnEveryLoop() ? 2 : 1).doesNotContainValue(false);
		assertThat(proxy.output()).contains(acceptsOnEveryLoop() ? "accepting on 2 event loops" : "one acceptor");
	}

	@Test
	void aBackendThatClosesItsWholeConnectionCostsNothingWhileTheClientHoldsItsOwn() throws Exception {
		backend("answer", 0);
		ChildProcess proxy = activateToSocket();
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("question");
			assertThat(client.readToEnd()).isEqualTo("answer:question");
			// the client has not closed: its connection may stay, idle; epoll reports a
			// Unix socket whose peer closed at every wait, so a backend socket kept open
			// would spin its event loop
			Duration idle = Duration.ofSeconds(1);
			long before = EventLoopThreads.of(proxy.pid()).cpuMillis();
			Thread.sleep(idle.toMillis());
			long used = EventLoopThreads.of(proxy.pid()).cpuMillis() - before;
			assertThat(used).as("event loops' CPU time (ms) in %s with the connection idle", idle)
				.isLessThan(idle.toMillis() / 5);
		}
	}

	@Test
	void clientResetClosesOnlyThatConnection() throws Exception {
		backend("echo", 0);
		ChildProcess proxy = activateToSocket("--debug");
		try (Client quiet = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			quiet.send("still here");
			assertThat(quiet.read(10)).isEqualTo("still here");
			Client resetting = Client.connect(this.port, ProxyRun.TIMEOUT);
			resetting.send("going");
			assertThat(resetting.read(5)).isEqualTo("going");
			resetting.reset();
			proxy.awaitOutput("client-reset", ProxyRun.TIMEOUT);
			quiet.send(" and well");
			quiet.halfClose();
			assertThat(quiet.readToEnd()).isEqualTo(" and well");
		}
	}

	@Test
	void proxyProtocolVersion1TellsTheBackendTheClientAddress() throws Exception {
		backend("echo", 0);
		activateToSocket("--proxy.backend.proxy-protocol=v1");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.halfClose();
			assertThat(client.readToEnd())
				.isEqualTo("PROXY TCP4 127.0.0.1 127.0.0.1 " + client.localPort() + " " + this.port + "\r\n");
		}
	}

	@Test
	void proxyProtocolVersion2TellsTheBackendTheClientAddress() throws Exception {
		backend("echo", 0);
		activateToSocket("--proxy.backend.proxy-protocol=v2");
		try (Client client = Client.connect(this.port, ProxyRun.TIMEOUT)) {
			client.send("after");
			client.halfClose();
			String reply = client.readToEnd();
			String expectedAddresses = "7f000001" + "7f000001" + String.format("%04x", client.localPort())
					+ String.format("%04x", this.port);
			assertThat(HexFormat.of().formatHex(reply.getBytes(StandardCharsets.ISO_8859_1)))
				.isEqualTo("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + expectedAddresses
						+ HexFormat.of().formatHex("after".getBytes(StandardCharsets.US_ASCII)));
		}
	}

	private static String countReply(byte[] upload) throws Exception {
		var digest = java.security.MessageDigest.getInstance("SHA-256");
		return "count=" + upload.length + " sha256=" + HexFormat.of().formatHex(digest.digest(upload)) + "\n";
	}

}
