package io.socketactivation.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.nativeio.NativeFileDescriptors;

/**
 * Creates the Netty server channel for an adopted socket, of the transport Reactor Netty
 * chose: the native transport's fd constructor (epoll, kqueue) on a duplicate of the
 * socket's fd, else NIO on the adopted JDK channel.
 *
 * @author socket-activation contributors
 */
final class AdoptedServerChannels {

	private AdoptedServerChannels() {
	}

	/**
	 * Create a server channel of the given class for the socket.
	 * @param transportClass the class Reactor Netty would instantiate
	 * @param socket the socket
	 * @return the channel
	 */
	static ServerChannel create(Class<? extends Channel> transportClass, ActivatedSocket socket) {
		// fails, naming the socket, if a server already served and closed it
		socket.openChannel();
		String name = transportClass.getName();
		if (!name.startsWith("io.netty.channel.epoll.") && !name.startsWith("io.netty.channel.kqueue.")
				&& !name.startsWith("io.netty.channel.socket.nio.")) {
			// io_uring above all, which Reactor Netty prefers when
			// netty-incubator-transport-native-io_uring is on the class path
			throw new SocketActivationException(
					socket.describe() + " cannot be served on Netty's transport " + name
							+ ": the starter adopts sockets on epoll, kqueue and NIO.",
					"Reactor Netty runs on io_uring when netty-incubator-transport-native-io_uring is on the class "
							+ "path: remove it, or start the JVM with -Dreactor.netty.native=false to run on NIO.");
		}
		if (socket.family() == SocketFamily.UNIX) {
			return createDomain(name, socket);
		}
		if (name.equals("io.netty.channel.epoll.EpollServerSocketChannel")) {
			return adoptedNative(NativeServerChannels.epoll(duplicate(socket)), socket);
		}
		if (name.equals("io.netty.channel.kqueue.KQueueServerSocketChannel")) {
			return adoptedNative(NativeServerChannels.kqueue(duplicate(socket)), socket);
		}
		if (name.equals("io.netty.channel.socket.nio.NioServerSocketChannel")) {
			ServerChannel channel = new AdoptedNioServerSocketChannel(socket);
			channel.pipeline().addFirst(new BoundChannelHandler());
			return channel;
		}
		throw new IllegalStateException("Cannot serve " + socket.describe() + " with Netty's " + name);
	}

	/**
	 * Unix sockets get Netty's domain server channels, with the bind skipped: a native
	 * one then has no local address of its own and so never deletes the path (which
	 * belongs to the service manager); the NIO one only knows the adopted channel's
	 * throwaway path.
	 */
	private static ServerChannel createDomain(String transportClassName, ActivatedSocket socket) {
		if (transportClassName.startsWith("io.netty.channel.epoll.")
				|| transportClassName.startsWith("io.netty.channel.kqueue.")) {
			ServerChannel channel = transportClassName.startsWith("io.netty.channel.epoll.")
					? NativeServerChannels.epollDomain(duplicate(socket))
					: NativeServerChannels.kqueueDomain(duplicate(socket));
			// reported, never deleted: a native domain channel deletes only a path it
			// bound
			ChannelLocalAddress.preset(channel, new DomainSocketAddress(path(socket.address())));
			return adoptedNative(channel, socket);
		}
		ServerChannel channel = new NioServerDomainSocketChannel(socket.channel());
		// the NIO domain channel deletes the path it reports when it closes: let it
		// report the
		// adopted channel's throwaway path, which is gone already
		ChannelLocalAddress.preset(channel, new DomainSocketAddress(path(jdkLocalAddress(socket))));
		channel.pipeline().addFirst(new BoundChannelHandler());
		return channel;
	}

	private static SocketAddress jdkLocalAddress(ActivatedSocket socket) {
		try {
			return socket.channel().getLocalAddress();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the path of a Unix socket address.
	 * @param address the address
	 * @return the path
	 */
	static String path(SocketAddress address) {
		if (address instanceof UnixDomainSocketAddress unix) {
			return unix.getPath().toString();
		}
		throw new IllegalArgumentException("Not a Unix socket path: " + address);
	}

	/**
	 * Return a non-blocking duplicate of the socket's fd. Netty leaves the mode of a fd
	 * it is given alone, and the service manager hands a blocking socket: an accept that
	 * finds no connection (another process sharing the socket took it after the wake-up)
	 * must return, not block the event loop.
	 */
	private static int duplicate(ActivatedSocket socket) {
		try {
			int fd = NativeFileDescriptors.INSTANCE.duplicate(socket.address());
			NativeFileDescriptors.INSTANCE.setNonBlocking(fd);
			return fd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A native channel reads its real address from its fd and is active from the start;
	 * it only needs its bind skipped. It has its own fd: the JDK channel is closed with
	 * it, so that the socket looks (and is) closed to this process once the server stops.
	 */
	private static ServerChannel adoptedNative(ServerChannel channel, ActivatedSocket socket) {
		channel.pipeline().addFirst(new BoundChannelHandler());
		channel.closeFuture().addListener((future) -> socket.channel().close());
		return channel;
	}

}
