package io.socketactivation.netty;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueueAdoption;
import io.netty.channel.kqueue.KQueueServerSocketChannel;

/**
 * Netty's native server channels on an fd. Each transport in its own nested class, so
 * that only the transport in use has to be on the classpath.
 *
 * @author socket-activation contributors
 */
final class NativeServerChannels {

	private NativeServerChannels() {
	}

	static ServerChannel epoll(int fd) {
		return Epoll.create(fd);
	}

	static ServerChannel kqueue(int fd) {
		return KQueue.create(fd);
	}

	static ServerChannel epollDomain(int fd) {
		return Epoll.createDomain(fd);
	}

	static ServerChannel kqueueDomain(int fd) {
		return KQueue.createDomain(fd);
	}

	private static final class Epoll {

		static ServerChannel create(int fd) {
			return new EpollServerSocketChannel(fd);
		}

		static ServerChannel createDomain(int fd) {
			// active: the socket already listens (the plain fd constructor leaves it
			// inactive)
			return new EpollServerDomainSocketChannel(fd, true);
		}

	}

	private static final class KQueue {

		static ServerChannel create(int fd) {
			return new KQueueServerSocketChannel(fd);
		}

		static ServerChannel createDomain(int fd) {
			// active: the socket already listens (the plain fd constructor leaves it
			// inactive, and has no variant taking the flag)
			return KQueueAdoption.listeningDomainSocket(fd);
		}

	}

}
