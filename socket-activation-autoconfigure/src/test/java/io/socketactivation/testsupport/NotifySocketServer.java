package io.socketactivation.testsupport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A {@code NOTIFY_SOCKET} as systemd provides it: a Unix datagram socket (junixsocket)
 * that records every notification with the time it arrived.
 *
 * @author socket-activation contributors
 */
public final class NotifySocketServer implements AutoCloseable {

	private final AFUNIXDatagramSocket socket;

	private final String notifySocket;

	private final BlockingQueue<Notification> received = new LinkedBlockingQueue<>();

	private final Thread receiver;

	private final Path directory;

	private volatile boolean closed;

	private NotifySocketServer(AFUNIXSocketAddress address, String notifySocket, Path directory) throws IOException {
		this.socket = AFUNIXDatagramSocket.newInstance();
		this.socket.bind(address);
		this.socket.setSoTimeout(100);
		this.notifySocket = notifySocket;
		this.directory = directory;
		this.receiver = new Thread(this::receive, "notify-socket-server");
		this.receiver.setDaemon(true);
		this.receiver.start();
	}

	/**
	 * Listen on a socket file in a new temporary directory.
	 * @return the server
	 * @throws IOException on failure
	 */
	public static NotifySocketServer atPath() throws IOException {
		Path directory = Files.createTempDirectory("notify");
		Path path = directory.resolve("notify.sock");
		return new NotifySocketServer(AFUNIXSocketAddress.of(path), path.toString(), directory);
	}

	/**
	 * Listen on a new socket in the abstract namespace.
	 * @return the server
	 * @throws IOException on failure
	 */
	public static NotifySocketServer inAbstractNamespace() throws IOException {
		String name = "socket-activation-test-" + UUID.randomUUID();
		return new NotifySocketServer(AFUNIXSocketAddress.inAbstractNamespace(name), "@" + name,
				Files.createTempDirectory("notify"));
	}

	/**
	 * Return the value to put in {@code NOTIFY_SOCKET}.
	 * @return the address as systemd writes it
	 */
	public String notifySocket() {
		return this.notifySocket;
	}

	/**
	 * Wait for the next notification.
	 * @param timeout how long to wait at most
	 * @return the notification
	 * @throws InterruptedException if interrupted
	 */
	public Notification next(Duration timeout) throws InterruptedException {
		Notification notification = this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (notification == null) {
			throw new AssertionError("No notification within " + timeout);
		}
		return notification;
	}

	/**
	 * Take notifications until one matches, and return all taken.
	 * @param condition what the last one must satisfy
	 * @param timeout how long to wait at most
	 * @return the notifications taken, the matching one last
	 * @throws InterruptedException if interrupted
	 */
	public List<Notification> takeUntil(Predicate<String> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		List<Notification> taken = new ArrayList<>();
		while (true) {
			long left = deadline - System.nanoTime();
			Notification notification = this.received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
			if (notification == null) {
				throw new AssertionError("No matching notification within " + timeout + "; received " + taken);
			}
			taken.add(notification);
			if (condition.test(notification.text())) {
				return taken;
			}
		}
	}

	/**
	 * Return the notifications that arrive within the given time.
	 * @param time how long to collect
	 * @return the notifications
	 * @throws InterruptedException if interrupted
	 */
	public List<Notification> collect(Duration time) throws InterruptedException {
		long deadline = System.nanoTime() + time.toNanos();
		List<Notification> collected = new ArrayList<>();
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			Notification notification = this.received.poll(left, TimeUnit.NANOSECONDS);
			if (notification != null) {
				collected.add(notification);
			}
		}
		return collected;
	}

	private void receive() {
		byte[] buffer = new byte[4096];
		while (!this.closed) {
			DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
			try {
				this.socket.receive(packet);
				String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
				this.received.add(new Notification(text));
			}
			catch (SocketTimeoutException ex) {
				// check closed
			}
			catch (IOException ex) {
				if (!this.closed) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.socket.close();
		try {
			this.receiver.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (var files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
		}
		Files.deleteIfExists(this.directory);
	}

	/**
	 * One datagram received.
	 *
	 * @param text the datagram's text
	 */
	public record Notification(String text) {

	}

}
