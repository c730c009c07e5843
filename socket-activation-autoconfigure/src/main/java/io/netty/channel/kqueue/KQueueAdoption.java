package io.netty.channel.kqueue;

/**
 * The adoption of an activated, already listening Unix socket on Netty's kqueue
 * transport, in Netty's package because the constructor it needs is package-private. The
 * public {@code KQueueServerDomainSocketChannel(int)} leaves the channel inactive (Netty
 * 4.2.15), and an inactive server channel is registered but never reads, so it would
 * never accept; epoll's has {@code EpollServerDomainSocketChannel(int, boolean)} for
 * this, kqueue's does not. Used by the starter's Reactor Netty adapter and by proxy-app.
 *
 * @author socket-activation contributors
 */
public final class KQueueAdoption {

	private KQueueAdoption() {
	}

	/**
	 * Create a kqueue server channel on a Unix socket that already listens (launchd's or
	 * systemd's), active from the start, as epoll's {@code (fd, true)} constructor makes
	 * it.
	 * @param fd the listening socket's fd
	 * @return the channel, not registered
	 */
	public static KQueueServerDomainSocketChannel listeningDomainSocket(int fd) {
		return new KQueueServerDomainSocketChannel(new BsdSocket(fd), true);
	}

}
