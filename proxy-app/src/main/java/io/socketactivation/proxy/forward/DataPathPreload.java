package io.socketactivation.proxy.forward;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.FileDescriptors;
import io.socketactivation.notify.DatagramSystemdNotifier;

/**
 * Loads the native libraries and the classes the data path starts with, on a thread of
 * its own, while the main thread reads the settings (Spring's binder, which the data path
 * cannot start without). Unpacking and loading Netty's transport library, JNA's and
 * junixsocket's, and initializing Netty, take about a quarter of an on-demand start; done
 * beside the settings, the first byte is forwarded about 0.1 s sooner when the classes
 * come from the jars, and a little sooner with a CDS archive, where on two cores the two
 * threads and the JIT compiler share the CPU (docs/proxy.md, Measured).
 * <p>
 * It changes nothing the start then does: it opens no socket and starts no event loop
 * (the activation core's probe inspects fd -1, which is no fd). A library that fails to
 * load fails again where the start needs it, and is reported there; JNA, which reports
 * the cause of its failure only the first time, is reported here too. Only the transport
 * {@code proxy.transport=auto} picks is loaded: the settings are not read yet.
 *
 * @author socket-activation contributors
 */
public final class DataPathPreload {

	private static final Logger logger = LoggerFactory.getLogger(DataPathPreload.class);

	private final Thread thread;

	private DataPathPreload(Thread thread) {
		this.thread = thread;
	}

	/**
	 * Start loading. Logging must be initialized first, on the caller's thread: SLF4J
	 * prints a warning about loggers used from another thread while it initializes.
	 * @param environment the process environment ({@code NOTIFY_SOCKET} means junixsocket
	 * is needed)
	 * @return the load under way
	 */
	public static DataPathPreload start(Map<String, String> environment) {
		String notifySocket = environment.get("NOTIFY_SOCKET");
		// as SystemdServiceNotifier: an empty one is none
		boolean notifies = notifySocket != null && !notifySocket.isEmpty();
		Thread thread = new Thread(() -> load(notifies), "proxy-app-preload");
		thread.setDaemon(true);
		thread.start();
		return new DataPathPreload(thread);
	}

	/**
	 * Wait until the load is done: from then on the start's thread alone initializes
	 * these classes, and competes with no other for the CPU. A load still under way after
	 * {@code limit} (a temporary directory that stalls the unpacking) is left to finish
	 * beside the start, which then waits only for the classes they share.
	 * @param limit how long to wait at most
	 */
	public void await(Duration limit) {
		try {
			this.thread.join(limit.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.thread.isAlive()) {
			logger.debug("Preloading the data path did not finish within {}: the start goes on", limit);
		}
	}

	private static void load(boolean notifies) {
		try {
			if (Epoll.isAvailable()) {
				initialize(EpollIoHandler.class, EpollServerSocketChannel.class, EpollSocketChannel.class,
						EpollDomainSocketChannel.class);
			}
			else if (KQueue.isAvailable()) {
				initialize(KQueueIoHandler.class, KQueueServerSocketChannel.class, KQueueSocketChannel.class,
						KQueueDomainSocketChannel.class);
			}
			initialize(PooledByteBufAllocator.class, MultiThreadIoEventLoopGroup.class, ServerBootstrap.class,
					Bootstrap.class, DefaultChannelPipeline.class, Forwarder.class, ForwardedConnection.class,
					RelayHandler.class, BackendDialer.class, Admission.class);
			preloadJna();
			if (notifies) {
				// junixsocket, which sends sd_notify's datagrams
				DatagramSystemdNotifier.isSupported();
			}
		}
		catch (Exception | LinkageError ex) {
			// whatever failed here fails again, and is reported, where the start needs it
			logger.debug("Preloading the data path failed", ex);
		}
	}

	/**
	 * Load JNA and the C library, as the activation core does to inspect each socket. A
	 * failure is logged as a warning: JNA gives its cause only to the first caller (later
	 * ones get "Could not initialize class"), and the start, which cannot go on without
	 * it, fails next.
	 */
	private static void preloadJna() {
		try {
			FileDescriptors.system().inspect(-1);
		}
		catch (IOException ex) {
			logger.warn("{}", ex.getMessage());
		}
	}

	private static void initialize(Class<?>... classes) throws ClassNotFoundException {
		for (Class<?> type : classes) {
			Class.forName(type.getName(), true, type.getClassLoader());
		}
	}

}
