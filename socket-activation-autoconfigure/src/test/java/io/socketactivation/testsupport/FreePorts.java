package io.socketactivation.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback TCP ports for a test to have a service manager listen on, taken below the
 * kernel's range of ephemeral ports. A port from that range (what binding port 0 gives),
 * free when checked, can be taken by any outgoing connection, and the tests make
 * thousands, before {@code systemd-socket-activate} binds it: seen as "Address already in
 * use" in CI. Ports are handed out in turn from a random point, so a test does not get
 * the port the one before it just closed.
 *
 * @author socket-activation contributors
 */
final class FreePorts {

	static final int LOWEST = 20000;

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	/** The IANA dynamic range, where the kernel says nothing (macOS). */
	private static final int DEFAULT_EPHEMERAL_LOW = 49152;

	private static final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

	private FreePorts() {
	}

	/**
	 * Return a port free on loopback now, below the ephemeral range.
	 * @return the port
	 */
	static int take() {
		int high = ephemeralLow() - 1;
		int count = high - LOWEST + 1;
		if (count < 100) {
			throw new IllegalStateException("The ephemeral ports start at " + (high + 1) + " (" + EPHEMERAL_RANGE
					+ "): fewer than 100 ports are left below them, from " + LOWEST);
		}
		for (int tried = 0; tried < count; tried++) {
			int port = LOWEST + Math.floorMod(next.getAndIncrement(), count);
			if (bindable(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free loopback port from " + LOWEST + " to " + high);
	}

	/**
	 * Return the lowest ephemeral port.
	 * @return the port
	 */
	static int ephemeralLow() {
		// Files.readString reads 1 byte of this 0-sized file (JDK 17)
		try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
			return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_LOW;
		}
	}

	private static boolean bindable(int port) {
		// as systemd-socket-activate binds: SO_REUSEADDR, so that connections of an
		// earlier test in TIME_WAIT do not count
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
