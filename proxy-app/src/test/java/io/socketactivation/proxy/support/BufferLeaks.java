package io.socketactivation.proxy.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.socketactivation.testsupport.ChildProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test whose proxy-app child lost a buffer: one it allocated and never released,
 * on any path the test took (forwarded, refused, reset, timed out, backend down...).
 * {@link ProxyRun} runs proxy-app with Netty's leak detector at its {@code paranoid}
 * level, which tracks every buffer and reports one collected unreleased, with a
 * {@code LEAK:} line, at an allocation. So after the test this collects the proxy's
 * garbage ({@code jcmd PID GC.run}), makes it allocate (a connection that sends a byte),
 * and reads its output. A proxy that is no longer running is judged on what it printed.
 *
 * @author socket-activation contributors
 */
public final class BufferLeaks {

	private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);

	/** Connections made after the collection, one at a time until a report appears. */
	private static final int PROBES = 3;

	/** The pause before each connection, and the wait for a report after the last. */
	private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);

	private final Map<ChildProcess, Integer> watched = new LinkedHashMap<>();

	/**
	 * Check this proxy after the test.
	 * @param proxy the proxy-app process, started by {@link ProxyRun}
	 * @param port the loopback port it accepts on
	 * @return the process
	 */
	public ChildProcess watch(ChildProcess proxy, int port) {
		this.watched.put(proxy, port);
		return proxy;
	}

	/**
	 * Assert that no watched proxy lost a buffer; call before the processes are stopped.
	 * @throws Exception on failure to ask a proxy
	 */
	public void assertNoneLost() throws Exception {
		try {
			for (Map.Entry<ChildProcess, Integer> entry : this.watched.entrySet()) {
				assertNoneLost(entry.getKey(), entry.getValue());
			}
		}
		finally {
			this.watched.clear();
		}
	}

	private static void assertNoneLost(ChildProcess proxy, int port) throws Exception {
		if (proxy.isAlive() && collectGarbage(proxy)) {
			// what the collection found reaches the detector's queue a moment later, on
			// another thread, and is reported at the first allocation after that
			for (int probe = 0; probe < PROBES && !proxy.output().contains("LEAK:"); probe++) {
				Thread.sleep(PROBE_INTERVAL.toMillis());
				allocate(port);
			}
			long deadline = System.nanoTime() + PROBE_INTERVAL.toNanos();
			while (!proxy.output().contains("LEAK:") && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
		}
		assertThat(proxy.output()).as("proxy-app %d lost buffers (Netty's leak report)", proxy.pid())
			.doesNotContain("LEAK:");
	}

	private static boolean collectGarbage(ChildProcess proxy) throws Exception {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(proxy.pid()), "GC.run")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			throw new AssertionError("jcmd " + proxy.pid() + " GC.run did not finish within " + JCMD_TIMEOUT);
		}
		// a proxy that exited meanwhile has printed all it will
		assertThat(process.exitValue() == 0 || !proxy.isAlive())
			.as("jcmd %d GC.run exited with %d", proxy.pid(), process.exitValue())
			.isTrue();
		return process.exitValue() == 0;
	}

	private static void allocate(int port) {
		// the proxy reads the byte into a new buffer, a refused connection aside
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			OutputStream out = socket.getOutputStream();
			out.write('\n');
			out.flush();
		}
		catch (IOException ex) {
			// refused or reset: the proxy allocated nothing
		}
	}

}
