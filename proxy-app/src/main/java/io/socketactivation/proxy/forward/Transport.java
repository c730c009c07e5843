package io.socketactivation.proxy.forward;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollInitialInterest;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueAdoption;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringAdoption;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.NetUtil;
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

		private static final ByteBuffer NOTHING = ByteBuffer.allocateDirect(1);

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
			return EpollEvents.recording(EpollIoHandler.newFactory());
		}

		@Override
		ServerChannel serverChannel(ActivatedSocket socket, int fd) {
			return (socket.family() == SocketFamily.UNIX) ? new EpollServerDomainSocketChannel(fd, true)
					: new EpollServerSocketChannel(fd);
		}

		@Override
		Channel backendChannel(BackendAddress backend) {
			// stays in the epoll set as client channels do: else an interest change
			// after a half-close fails in Netty 4.2.15 (see EpollInitialInterest)
			Channel channel = (backend instanceof BackendAddress.Tcp) ? new EpollSocketChannel()
					: new EpollDomainSocketChannel();
			return EpollInitialInterest.readFromRegistration(EpollInitialInterest.keepInEpollSet(channel));
		}

		@Override
		Channel prepareAccepted(Channel client) {
			return EpollInitialInterest.readFromRegistration(EpollInitialInterest.keepInEpollSet(client));
		}

		@Override
		boolean holdLastBytesForEndOfOutput(Channel source, Channel target) {
			if (!(target instanceof EpollSocketChannel tcp) || !EpollEvents.inputEndsInThisEvent(source)) {
				return false;
			}
			try {
				tcp.config().setTcpCork(true);
				return true;
			}
			catch (ChannelException ex) {
				return false;
			}
		}

		@Override
		ChannelFuture shutdownOutput(DuplexChannel channel) {
			// Netty's shutdownOutput builds an exception, with its stack trace, for the
			// writes it would fail: there are none here (called once all went out), and
			// the socket keeps the state that isOutputShutdown() reads
			if (!(channel instanceof UnixChannel unix) || !(unix.fd() instanceof Socket socket)) {
				return channel.shutdownOutput();
			}
			try {
				socket.shutdown(false, true);
				return channel.newSucceededFuture();
			}
			catch (IOException ex) {
				return channel.newFailedFuture(ex);
			}
		}

		@Override
		boolean closedByPeer(Channel channel) {
			// a Unix socket whose peer closed has its output shut too (a half-close
			// shuts only its input), so a write of nothing fails; epoll reports it
			// (EPOLLHUP) at every wait, whatever the interest, until it is closed
			if (!(channel instanceof EpollDomainSocketChannel unix) || !unix.isOpen()
					|| !(unix.fd() instanceof Socket socket)) {
				return false;
			}
			if (EpollEvents.hungUp(unix)) {
				// as the event that brought the end of input said (Netty drops it)
				return true;
			}
			try {
				socket.send(NOTHING, 0, 0);
				return false;
			}
			catch (IOException ex) {
				return true;
			}
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
		ServerChannel serverChannel(ActivatedSocket socket, int fd) {
			// no constructor takes an fd: the socket moves onto the fd of the channel's
			// own unbound socket, which the move closes
			ServerChannel channel = (socket.family() == SocketFamily.UNIX) ? new IoUringServerDomainSocketChannel()
					: new IoUringServerSocketChannel();
			try {
				FileDescriptors.system().moveOnto(fd, ((UnixChannel) channel).fd().intValue());
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
		ServerChannel serverChannel(ActivatedSocket socket, int fd) {
			// a Unix socket through the starter's adoption: Netty's fd constructor would
			// leave it inactive, never accepting
			return (socket.family() == SocketFamily.UNIX) ? KQueueAdoption.listeningDomainSocket(fd)
					: new KQueueServerSocketChannel(fd);
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
		List<ServerChannel> serverChannels(ActivatedSocket socket, int count) {
			// one JDK channel, so one acceptor: its connections are spread over the loops
			return List.of(serverChannel(socket, -1));
		}

		@Override
		boolean acceptsOnEveryLoop() {
			return false;
		}

		@Override
		ServerChannel serverChannel(ActivatedSocket socket, int fd) {
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
		if (!transport.reachesAbstractSockets() && backend instanceof BackendAddress.AbstractSocket abstractSocket) {
			throw new ProxySettingException(
					"The backend " + abstractSocket.display() + " is a Linux abstract socket, which "
							+ ((transport == NIO) ? "NIO" : transport.name().toLowerCase(Locale.ROOT))
							+ " cannot reach.",
					"Use the epoll transport (proxy.transport=auto on Linux), or a socket path.");
		}
		return transport;
	}

	abstract boolean isAvailable();

	/**
	 * Whether the transport can connect to a Linux abstract Unix socket: epoll and
	 * io_uring (Linux only); not kqueue (no such sockets on macOS) nor NIO (the JDK has
	 * no abstract addresses).
	 * @return whether {@code @name} backends are reachable
	 */
	boolean reachesAbstractSockets() {
		return this == EPOLL || this == IO_URING;
	}

	abstract @Nullable Throwable unavailabilityCause();

	abstract IoHandlerFactory ioHandlerFactory();

	/**
	 * Return the server channels accepting on an activated socket, one per event loop
	 * (not registered yet): one on the socket's own fd, the others on duplicates of it,
	 * so that each loop accepts and serves its own connections, as nginx's workers do,
	 * with no hand-over between threads. NIO, which adopts one JDK channel, returns one.
	 * @param socket the socket (its fd is owned by one of the channels from now on)
	 * @param count how many channels: the number of event loops
	 * @return the channels
	 */
	List<ServerChannel> serverChannels(ActivatedSocket socket, int count) {
		List<ServerChannel> channels = new ArrayList<>(count);
		try {
			// every loop is woken for a connection that only one accepts: the others'
			// accept must return at once (Netty leaves the mode of a given fd alone, and
			// the service manager hands a blocking socket)
			setNonBlocking(socket);
			// the duplicates first: io_uring's channel closes the fd it is given
			for (int i = 1; i < count; i++) {
				channels.add(serverChannel(socket, duplicate(socket)));
			}
			channels.add(serverChannel(socket, socket.fd()));
		}
		catch (RuntimeException ex) {
			channels.forEach((channel) -> channel.unsafe().closeForcibly());
			throw ex;
		}
		return channels;
	}

	private static void setNonBlocking(ActivatedSocket socket) {
		try {
			FileDescriptors.system().setNonBlocking(socket.fd());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot accept on " + socket.describe() + " without blocking", ex);
		}
	}

	private static int duplicate(ActivatedSocket socket) {
		try {
			return FileDescriptors.system().duplicate(socket.fd());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot accept on " + socket.describe() + " from every event loop", ex);
		}
	}

	/**
	 * Return a server channel serving the activated socket (not registered yet).
	 * @param socket the socket
	 * @param fd the fd to serve it on: its own or a duplicate (ignored by NIO)
	 * @return the channel
	 */
	abstract ServerChannel serverChannel(ActivatedSocket socket, int fd);

	/**
	 * Whether {@link #serverChannels} returns a channel per event loop, so that a
	 * connection is served on the loop that accepted it.
	 * @return whether every loop accepts
	 */
	boolean acceptsOnEveryLoop() {
		return true;
	}

	/**
	 * Return a new channel to connect to the backend (not registered yet).
	 * @param backend the backend
	 * @return the channel
	 */
	abstract Channel backendChannel(BackendAddress backend);

	/**
	 * Whether the peer of a channel whose input just ended closed its whole connection,
	 * rather than only its output (a half-close), where the transport needs to know: an
	 * epoll Unix socket closed by its peer is reported at every wait until it is closed.
	 * @param channel the channel, its input ended
	 * @return whether its peer closed the connection (if the transport can tell and needs
	 * to)
	 */
	boolean closedByPeer(Channel channel) {
		return false;
	}

	/**
	 * Return how many bytes the kernel holds for a channel's peer that the peer has not
	 * taken yet (written, not yet acknowledged over TCP or read over a Unix socket).
	 * @param channel the channel
	 * @return the number of bytes; 0 when it cannot be told (NIO's channels show no fd)
	 */
	long queuedOutput(Channel channel) {
		if (!(channel instanceof UnixChannel unix) || !channel.isOpen()) {
			return 0;
		}
		try {
			return FileDescriptors.system().queuedOutput(unix.fd().intValue());
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * Shut a channel's output down (a FIN over TCP), once nothing is pending on it.
	 * @param channel the channel
	 * @return the future of the shutdown
	 */
	ChannelFuture shutdownOutput(DuplexChannel channel) {
		return channel.shutdownOutput();
	}

	/**
	 * Called before what was read from a source is flushed to its target: when the
	 * source's end of input is read while the same event is handled (it is then passed on
	 * as the end of the target's output, or the target is closed), hold the target's last
	 * partial segment back, so that it leaves with the end of output: over TCP one
	 * segment carries the last bytes and the FIN, where sending them in turn costs a
	 * segment, and a wake-up of the peer, more.
	 * @param source the channel read from
	 * @param target the channel written to
	 * @return whether the target holds its last bytes back until its output ends
	 */
	boolean holdLastBytesForEndOfOutput(Channel source, Channel target) {
		return false;
	}

	/**
	 * Prepare an accepted client channel before it is registered, and after its
	 * {@code autoRead} is set.
	 * @param client the channel
	 * @return the channel
	 */
	Channel prepareAccepted(Channel client) {
		return client;
	}

	/**
	 * Return the address to connect to for the backend. A TCP backend named by a host
	 * name is left unresolved, so that each connection resolves it (through the JDK's
	 * resolver and its cache) and follows a change of address; a literal address is used
	 * as it is.
	 * @param backend the backend
	 * @return the address
	 */
	SocketAddress backendSocketAddress(BackendAddress backend) {
		if (backend instanceof BackendAddress.Tcp tcp) {
			boolean literal = NetUtil.isValidIpV4Address(tcp.host()) || NetUtil.isValidIpV6Address(tcp.host());
			return literal ? new InetSocketAddress(tcp.host(), tcp.port())
					: InetSocketAddress.createUnresolved(tcp.host(), tcp.port());
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
