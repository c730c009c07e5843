package io.socketactivation.proxy.actuate;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;

/**
 * Socket activation of the management server inside the proxy: a thread waits until a
 * connection reaches one of the management sockets, without accepting it, then runs the
 * start-up it was given (which serves the sockets, the waiting connection first). Until
 * then Actuator costs a thread blocked in a selector, not a Spring context.
 *
 * @author socket-activation contributors
 */
final class FirstConnectionWait implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FirstConnectionWait.class);

	private final Selector selector;

	private final ActivatedSockets sockets;

	private FirstConnectionWait(Selector selector, ActivatedSockets sockets) {
		this.selector = selector;
		this.sockets = sockets;
	}

	/**
	 * Start waiting on a daemon thread.
	 * @param sockets the listening sockets
	 * @param threadName the thread's name
	 * @param onFirstConnection what to run, on that thread, once a connection waits
	 * @return the wait, to close at shutdown
	 * @throws IOException if the sockets cannot be watched
	 */
	static FirstConnectionWait start(ActivatedSockets sockets, String threadName, Runnable onFirstConnection)
			throws IOException {
		Selector selector = Selector.open();
		try {
			for (ActivatedSocket socket : sockets) {
				ServerSocketChannel channel = socket.channel();
				channel.configureBlocking(false);
				channel.register(selector, SelectionKey.OP_ACCEPT);
			}
		}
		catch (IOException | RuntimeException ex) {
			selector.close();
			throw ex;
		}
		FirstConnectionWait wait = new FirstConnectionWait(selector, sockets);
		Thread thread = new Thread(() -> {
			if (wait.awaitConnection()) {
				onFirstConnection.run();
			}
		}, threadName);
		thread.setDaemon(true);
		thread.start();
		return wait;
	}

	private boolean awaitConnection() {
		try {
			while (this.selector.select() == 0) {
				if (!this.selector.isOpen()) {
					return false;
				}
			}
			// hand the channels back as they came: deregistered, blocking
			this.selector.close();
			for (ActivatedSocket socket : this.sockets) {
				socket.channel().configureBlocking(true);
			}
			return true;
		}
		catch (ClosedSelectorException ex) {
			return false;
		}
		catch (IOException ex) {
			logger.error("Waiting for the first connection to Actuator failed: {}", ex.toString());
			return false;
		}
	}

	/**
	 * Stop waiting; nothing starts.
	 */
	@Override
	public void close() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// closing at shutdown
		}
	}

}
