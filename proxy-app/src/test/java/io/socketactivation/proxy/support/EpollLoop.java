package io.socketactivation.proxy.support;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One real epoll event loop for a test, and the sockets the test opened around it:
 * closing it closes those, then shuts the loop down (bounded).
 *
 * @author socket-activation contributors
 */
public final class EpollLoop implements AutoCloseable {

	private final EventLoopGroup group;

	private final List<Closeable> opened = new ArrayList<>();

	private EpollLoop(IoHandlerFactory handlers) {
		this.group = new MultiThreadIoEventLoopGroup(1, handlers);
	}

	/**
	 * Start a loop, or skip the test where epoll is not available.
	 * @param handlers the factory of the loop's epoll handler
	 * @return the running loop
	 */
	public static EpollLoop start(IoHandlerFactory handlers) {
		assumeTrue(Epoll.isAvailable(), "epoll is not available here");
		return new EpollLoop(handlers);
	}

	/**
	 * Return the loop, as a group to bootstrap channels on.
	 * @return the group of the one loop
	 */
	public EventLoopGroup group() {
		return this.group;
	}

	/**
	 * Have something the test opened closed with the loop.
	 * @param <C> its type
	 * @param closeable what was opened
	 * @return the same
	 */
	public <C extends Closeable> C opened(C closeable) {
		this.opened.add(closeable);
		return closeable;
	}

	@Override
	public void close() throws IOException {
		for (Closeable closeable : this.opened) {
			closeable.close();
		}
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
	}

}
