package io.socketactivation.proxy.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Locale;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollInterestWorkaround;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdoption;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.FileDescriptors;
import io.socketactivation.SocketFamily;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxySettingException;

/**
 * The Netty transport of the data path: the native epoll transport on Linux, kqueue on
 * macOS and the BSDs, the JDK's NIO anywhere else ({@code proxy.transport} chooses one
 * explicitly, and is the only way to io_uring, Linux's other native transport). The
 * native transports adopt each activated socket by its fd number; NIO adopts the JDK
 * channel the activation core made of it.
 *
 * @author socket-activation contributors
 */
public enum Transport {

	/** Netty's native epoll transport (Linux). */
	EPOLL {

		@Override
		boolean isAvailable() {
			return Epoll.isAvailable();
		}

		@Override
		@Nullable Throwable unavailabilityCause() {
			return Epoll.unavailabilityCause();
		}

		@Override
		IoHandlerFactory ioHandlerFactory() {
			return EpollIoHandler.newFactory();
		}

		@Override
		ServerChannel serverChannel(ActivatedSocket socket) {
			return (socket.family() == SocketFamily.UNIX) ? new EpollServerDomainSocketChannel(socket.fd(), true)
					: new EpollServerSocketChannel(socket.fd());
		}

		@Override
		Channel backendChannel(BackendAddress backend) {
			// stays in the epoll set as client channels do: else an interest change
			// after a half-close fails in Netty 4.2.15 (see EpollInterestWorkaround)
			return EpollInterestWorkaround.keepInEpollSet((backend instanceof BackendAddress.Tcp)
					? new EpollSocketChannel() : new EpollDomainSocketChannel());
		}

		@Override
		Channel prepareAccepted(Channel client) {
			return EpollInterestWorkaround.keepInEpollSet(client);
		}

	},

	/**
	 * Netty's native io_uring transport (Linux 5.9 and later, where io_uring is allowed:
	 * systemd's {@code @system-service} filter, container runtimes' default seccomp
	 * profiles and the {@code kernel.io_uring_disabled} sysctl forbid it). Only when
	 * chosen: fewer system calls per connection than epoll, newer code.
	 */
	IO_URING {

		@Override
		boolean isAvailable() {
			return IoUring.isAvailable();
		}

		@Override
		@Nullable Throwable unavailabilityCause() {
			return IoUring.unavailabilityCause();
		}

		@Override
		IoHandlerFactory ioHandlerFactory() {
			return IoUringIoHandler.newFactory();
		}

		@Override
		ServerChannel serverChannel(ActivatedSocket socket) {
			// no constructor takes an fd: the socket moves onto the fd of the channel's
			// own unbound socket, which the move closes
			ServerChannel channel = (socket.family() == SocketFamily.UNIX) ? new IoUringServerDomainSocketChannel()
					: new IoUringServerSocketChannel();
			try {
				FileDescriptors.system().moveOnto(socket.fd(), ((UnixChannel) channel).fd().intValue());
			}
			catch (IOException ex) {
				channel.unsafe().closeForcibly();
				throw new UncheckedIOException("Cannot hand " + socket.describe() + " to io_uring", ex);
			}
			return IoUringAdoption.markListening(channel);
		}

		@Override
		Channel backendChannel(BackendAddress backend) {
			return (backend instanceof BackendAddress.Tcp) ? new IoUringSocketChannel()
					: new IoUringDomainSocketChannel();
		}

	},

	/** Netty's native kqueue transport (macOS, the BSDs). */
	KQUEUE {

		@Override
		boolean isAvailable() {
			return KQueue.isAvailable();
		}

		@Override
		@Nullable Throwable unavailabilityCause() {
			return KQueue.unavailabilityCause();
		}

		@Override
		IoHandlerFactory ioHandlerFactory() {
			return KQueueIoHandler.newFactory();
		}

		@Override
		ServerChannel serverChannel(ActivatedSocket socket) {
			return (socket.family() == SocketFamily.UNIX) ? new KQueueServerDomainSocketChannel(socket.fd())
					: new KQueueServerSocketChannel(socket.fd());
		}

		@Override
		Channel backendChannel(BackendAddress backend) {
			return (backend instanceof BackendAddress.Tcp) ? new KQueueSocketChannel()
					: new KQueueDomainSocketChannel();
		}

	},

	/** The JDK's NIO: anywhere, without native code. */
	NIO {

		@Override
		boolean isAvailable() {
			return true;
		}

		@Override
		@Nullable Throwable unavailabilityCause() {
			return null;
		}

		@Override
		IoHandlerFactory ioHandlerFactory() {
			return NioIoHandler.newFactory();
		}

		@Override
		ServerChannel serverChannel(ActivatedSocket socket) {
			return (socket.family() == SocketFamily.UNIX) ? new NioServerDomainSocketChannel(socket.channel())
					: new NioServerSocketChannel(socket.channel());
		}

		@Override
		Channel backendChannel(BackendAddress backend) {
			return (backend instanceof BackendAddress.Tcp) ? new NioSocketChannel() : new NioDomainSocketChannel();
		}

		@Override
		SocketAddress backendSocketAddress(BackendAddress backend) {
			if (backend instanceof BackendAddress.UnixSocket unix) {
				return UnixDomainSocketAddress.of(unix.path());
			}
			return super.backendSocketAddress(backend);
		}

		@Override
		public boolean adoptsFileDescriptorNumbers() {
			return false;
		}

		@Override
		public FileDescriptors fileDescriptors() {
			return FileDescriptors.system();
		}

		@Override
		public ActivatedSocket forJdkServer(ActivatedSocket socket) {
			return socket; // the core adopted it as a JDK channel already
		}

	};

	/**
	 * Select the transport: the named one, which must be available, or the first
	 * available of epoll, kqueue and NIO.
	 * @param name {@code auto}, {@code epoll}, {@code io_uring}, {@code kqueue} or
	 * {@code nio}
	 * @param backend where connections go (NIO cannot reach a Linux abstract socket);
	 * {@code null} for a generated socket path
	 * @return the transport
	 * @throws ProxySettingException if the named transport is unknown or unavailable
	 */
	public static Transport select(String name, @Nullable BackendAddress backend) {
		Transport transport = switch (name.toLowerCase(Locale.ROOT)) {
			case "auto" -> EPOLL.isAvailable() ? EPOLL : (KQUEUE.isAvailable() ? KQUEUE : NIO);
			case "epoll" -> EPOLL;
			case "io_uring" -> IO_URING;
			case "kqueue" -> KQUEUE;
			case "nio" -> NIO;
			default -> throw new ProxySettingException("proxy.transport='" + name + "' is not a transport.",
					"Set it to auto (the default), epoll, io_uring, kqueue or nio.");
		};
		if (!transport.isAvailable()) {
			throw new ProxySettingException(
					"proxy.transport=" + name + " is not available here: " + transport.unavailabilityCause() + ".",
					"Set proxy.transport=auto (the best available), or nio.");
		}
		if (transport == NIO && backend instanceof BackendAddress.AbstractSocket) {
			throw new ProxySettingException(
					"The backend " + ((BackendAddress.AbstractSocket) backend).display()
							+ " is a Linux abstract socket, which NIO cannot reach.",
					"Use the epoll transport (proxy.transport=auto on Linux), or a socket path.");
		}
		return transport;
	}

	abstract boolean isAvailable();

	abstract @Nullable Throwable unavailabilityCause();

	abstract IoHandlerFactory ioHandlerFactory();

	/**
	 * Return a server channel serving the activated socket (not registered yet).
	 * @param socket the socket
	 * @return the channel
	 */
	abstract ServerChannel serverChannel(ActivatedSocket socket);

	/**
	 * Return a new channel to connect to the backend (not registered yet).
	 * @param backend the backend
	 * @return the channel
	 */
	abstract Channel backendChannel(BackendAddress backend);

	/**
	 * Prepare an accepted client channel before it is registered.
	 * @param client the channel
	 * @return the channel
	 */
	Channel prepareAccepted(Channel client) {
		return client;
	}

	/**
	 * Return the address to connect to for the backend.
	 * @param backend the backend
	 * @return the address
	 */
	SocketAddress backendSocketAddress(BackendAddress backend) {
		if (backend instanceof BackendAddress.Tcp tcp) {
			return new InetSocketAddress(tcp.host(), tcp.port());
		}
		if (backend instanceof BackendAddress.AbstractSocket abstractSocket) {
			return new DomainSocketAddress("\0" + abstractSocket.name());
		}
		return new DomainSocketAddress(((BackendAddress.UnixSocket) backend).path());
	}

	/**
	 * Whether the transport adopts the activated sockets by fd number (native
	 * transports), rather than as the JDK channels the activation core makes of them.
	 * @return whether fd numbers are adopted
	 */
	public boolean adoptsFileDescriptorNumbers() {
		return true;
	}

	/**
	 * Return a socket collected for this transport on a JDK channel, for a JDK server
	 * (the management server) to serve: the native transports retained its fd, which is
	 * adopted now (and then closed).
	 * @param socket a socket collected with {@link #fileDescriptors()}
	 * @return the socket on a JDK channel
	 * @throws IOException if it cannot be adopted
	 */
	public ActivatedSocket forJdkServer(ActivatedSocket socket) throws IOException {
		return RetainedFileDescriptors.adopt(socket);
	}

	/**
	 * Return how the activation core should adopt the sockets for this transport.
	 * @return the file descriptors seam
	 */
	public FileDescriptors fileDescriptors() {
		return new RetainedFileDescriptors();
	}

}
