package io.socketactivation.nativeio;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

import io.socketactivation.FdStatus;
import io.socketactivation.FileDescriptors;
import io.socketactivation.SocketFamily;

/**
 * Inspects and adopts inherited sockets with the C library.
 * <p>
 * Adoption ("dup2 over a JDK channel"): open a standard JDK {@link ServerSocketChannel}
 * of the inherited socket's family, bind it to a throwaway address (loopback port 0, or a
 * path in a fresh 0700 directory), find that channel's own fd by scanning this process's
 * fds for exactly that address, then {@code dup2(fd, channelFd)}, restore
 * {@code FD_CLOEXEC} and close {@code fd}. The JDK channel now owns the inherited socket,
 * with no {@code --add-opens}, on JDK 17 and later. The channel keeps reporting the
 * throwaway address as its local address: callers must use the address
 * {@link #inspect(int)} returned.
 *
 * @author socket-activation contributors
 */
public final class NativeFileDescriptors implements FileDescriptors {

	/** The instance for this process. */
	public static final NativeFileDescriptors INSTANCE = new NativeFileDescriptors();

	private static final Object ADOPTION_LOCK = new Object();

	private NativeFileDescriptors() {
	}

	@Override
	public FdStatus inspect(int fd) throws IOException {
		try {
			return inspectNatively(fd);
		}
		catch (LinkageError ex) {
			// JNA could not load its own library or the C library: an
			// UnsatisfiedLinkError the first time, a NoClassDefFoundError after
			throw new IOException("JNA cannot load native code here (" + ex + "); it unpacks its library into "
					+ "java.io.tmpdir, so if that is mounted noexec set -Djna.tmpdir to a directory the process may "
					+ "execute from", ex);
		}
	}

	private FdStatus inspectNatively(int fd) throws IOException {
		Platform platform = Platform.current();
		int type;
		try {
			type = intOption(fd, platform.soType());
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == platform.ebadf()) {
				return FdStatus.closed();
			}
			if (ex.getErrorCode() == platform.enotsock()) {
				return FdStatus.notSocket(describeNonSocket(fd));
			}
			throw new IOException("getsockopt(" + fd + ", SO_TYPE) failed: " + ex.getMessage(), ex);
		}
		try {
			SocketAddressDecoder decoder = new SocketAddressDecoder(platform);
			byte[] local = new byte[SocketAddressDecoder.BUFFER_SIZE];
			IntByReference length = new IntByReference(local.length);
			LibC.INSTANCE.getsockname(fd, local, length);
			int familyCode = decoder.family(local, length.getValue());
			SocketFamily family = family(platform, familyCode);
			boolean listening = intOption(fd, platform.soAcceptConn()) != 0;
			SocketAddress address = (family != null) ? decoder.decode(local, length.getValue()) : null;
			SocketAddress peer = (family != null && !listening) ? peer(fd, decoder, platform) : null;
			return FdStatus.socket(socketType(type), family, familyName(platform, familyCode), listening, address,
					peer);
		}
		catch (LastErrorException ex) {
			throw new IOException("Inspecting socket fd " + fd + " failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public ServerSocketChannel adopt(int fd, SocketFamily family) throws IOException {
		synchronized (ADOPTION_LOCK) {
			Platform platform = Platform.current();
			Path directory = (family == SocketFamily.UNIX) ? Files.createTempDirectory("sa",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))) : null;
			ServerSocketChannel channel = ServerSocketChannel.open(protocolFamily(family));
			try {
				bindThrowaway(channel, throwawayAddress(family, directory), family);
				SocketAddress throwaway = channel.getLocalAddress();
				int channelFd = findListeningFd(platform, throwaway);
				duplicateCloseOnExec(fd, channelFd);
				// the JDK channel believes it is blocking: make the socket agree
				setBlockingMode(channelFd, false);
				release(fd);
				return channel;
			}
			catch (IOException | RuntimeException ex) {
				channel.close();
				throw (ex instanceof IOException io) ? io : new IOException(ex.getMessage(), ex);
			}
			finally {
				if (directory != null) {
					deleteThrowaway(directory);
				}
			}
		}
	}

	/**
	 * Return a new file descriptor for the socket of an adopted channel, for a native
	 * transport (Netty epoll or kqueue) that takes an fd number. The caller owns the new
	 * fd; the channel stays open.
	 * @param address the socket's real address ({@code ActivatedSocket.address()})
	 * @return the new fd, close-on-exec
	 * @throws IOException if the socket is not found exactly once or cannot be duplicated
	 */
	public int duplicate(SocketAddress address) throws IOException {
		Platform platform = Platform.current();
		int fd = findListeningFd(platform, address);
		try {
			return LibC.INSTANCE.fcntl(fd, platform.fDupFdCloexec(), 3);
		}
		catch (LastErrorException ex) {
			throw new IOException("Duplicating fd " + fd + " (" + address + ") failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return a new file descriptor for what {@code fd} refers to.
	 * @param fd the file descriptor
	 * @return the new fd, close-on-exec, 3 or higher
	 * @throws IOException on failure
	 */
	@Override
	public int duplicate(int fd) throws IOException {
		try {
			return LibC.INSTANCE.fcntl(fd, Platform.current().fDupFdCloexec(), 3);
		}
		catch (LastErrorException ex) {
			throw new IOException("Duplicating fd " + fd + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Put a socket in non-blocking mode.
	 * @param fd the file descriptor
	 * @throws IOException on failure
	 */
	@Override
	public void setNonBlocking(int fd) throws IOException {
		try {
			setBlockingMode(fd, true);
		}
		catch (LastErrorException ex) {
			throw new IOException("Making fd " + fd + " non-blocking failed: " + ex.getMessage(), ex);
		}
	}

	@Override
	public long queuedOutput(int fd) throws IOException {
		IntByReference bytes = new IntByReference();
		try {
			Platform platform = Platform.current();
			if (platform == Platform.LINUX) {
				LibC.INSTANCE.ioctl(fd, new NativeLong(Platform.LINUX_SIOCOUTQ), bytes);
			}
			else {
				LibC.INSTANCE.getsockopt(fd, platform.solSocket(), Platform.MACOS_SO_NWRITE, bytes,
						new IntByReference(Integer.BYTES));
			}
		}
		catch (LastErrorException ex) {
			throw new IOException("Reading the output queue of fd " + fd + " failed: " + ex.getMessage(), ex);
		}
		return bytes.getValue();
	}

	@Override
	public void setCloseOnExec(int fd) throws IOException {
		try {
			// FD_CLOEXEC is the only fd flag: nothing else to keep
			LibC.INSTANCE.fcntl(fd, Platform.F_SETFD, Platform.FD_CLOEXEC);
		}
		catch (LastErrorException ex) {
			throw new IOException("Marking fd " + fd + " close-on-exec failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Point a file descriptor at {@code /dev/null}.
	 * @param fd the file descriptor
	 * @throws IOException on failure
	 */
	@Override
	public void redirectToNull(int fd) throws IOException {
		try {
			int devNull = LibC.INSTANCE.open("/dev/null", Platform.O_RDWR);
			try {
				LibC.INSTANCE.dup2(devNull, fd);
			}
			finally {
				LibC.INSTANCE.close(devNull);
			}
		}
		catch (LastErrorException ex) {
			throw new IOException("Pointing fd " + fd + " at /dev/null failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Make one file descriptor refer to what another refers to ({@code dup2}).
	 * @param target the fd whose file is kept
	 * @param fd the fd to repoint
	 * @throws IOException on failure
	 */
	@Override
	public void redirect(int target, int fd) throws IOException {
		try {
			LibC.INSTANCE.dup2(target, fd);
		}
		catch (LastErrorException ex) {
			throw new IOException("Pointing fd " + fd + " at fd " + target + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Move a socket onto another fd number: {@code dup2(fd, target)}, close-on-exec set
	 * on {@code target}, then {@code fd} closed (a standard stream, fd 0 to 2, is pointed
	 * at {@code /dev/null} instead), as {@link #adopt(int, SocketFamily)} does.
	 * @param fd the socket's fd, released on success
	 * @param target the fd number the socket is moved to
	 * @throws IOException on failure
	 */
	@Override
	public void moveOnto(int fd, int target) throws IOException {
		try {
			duplicateCloseOnExec(fd, target);
			release(fd);
		}
		catch (LastErrorException ex) {
			throw new IOException("Moving fd " + fd + " onto fd " + target + " failed: " + ex.getMessage(), ex);
		}
	}

	private static void setBlockingMode(int fd, boolean nonBlocking) {
		int flag = Platform.current().oNonBlock();
		int flags = LibC.INSTANCE.fcntl(fd, Platform.F_GETFL);
		int wanted = nonBlocking ? (flags | flag) : (flags & ~flag);
		if (wanted != flags) {
			LibC.INSTANCE.fcntl(fd, Platform.F_SETFL, wanted);
		}
	}

	private static void duplicateCloseOnExec(int fd, int target) {
		LibC.INSTANCE.dup2(fd, target);
		LibC.INSTANCE.fcntl(target, Platform.F_SETFD, Platform.FD_CLOEXEC);
	}

	private void release(int fd) throws IOException {
		if (fd <= 2) {
			// a standard stream must stay open, or the next file opened takes its number
			redirectToNull(fd);
		}
		else {
			LibC.INSTANCE.close(fd);
		}
	}

	/**
	 * Bind the throwaway channel whose fd the inherited socket replaces: on loopback, or
	 * for IPv6 on a host without an IPv6 loopback ({@code disable_ipv6} on {@code lo},
	 * where systemd still makes {@code [::]} sockets) on the wildcard address, for the
	 * moment the adoption takes.
	 * @param channel the channel
	 * @param address the loopback address to try first
	 * @param family the family
	 * @throws IOException if it cannot be bound
	 */
	static void bindThrowaway(ServerSocketChannel channel, SocketAddress address, SocketFamily family)
			throws IOException {
		try {
			channel.bind(address, 1);
		}
		catch (BindException ex) {
			if (family != SocketFamily.INET6) {
				throw ex;
			}
			channel.bind(new InetSocketAddress(InetAddress.getByName("::"), 0), 1);
		}
	}

	private static SocketAddress throwawayAddress(SocketFamily family, @Nullable Path directory) throws IOException {
		return switch (family) {
			case INET -> new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
			case INET6 -> new InetSocketAddress(InetAddress.getByName("::1"), 0);
			case UNIX -> UnixDomainSocketAddress.of(directory.resolve("s"));
		};
	}

	private static ProtocolFamily protocolFamily(SocketFamily family) {
		return switch (family) {
			case INET -> StandardProtocolFamily.INET;
			case INET6 -> StandardProtocolFamily.INET6;
			case UNIX -> StandardProtocolFamily.UNIX;
		};
	}

	private static int findListeningFd(Platform platform, SocketAddress address) throws IOException {
		SocketAddressDecoder decoder = new SocketAddressDecoder(platform);
		Path fdDirectory = Files.isDirectory(Path.of("/proc/self/fd")) ? Path.of("/proc/self/fd") : Path.of("/dev/fd");
		List<Integer> matches = new ArrayList<>(1);
		byte[] buffer = new byte[SocketAddressDecoder.BUFFER_SIZE];
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(fdDirectory)) {
			for (Path entry : entries) {
				int candidate = parseFd(entry.getFileName().toString());
				if (candidate >= 0 && isListeningOn(platform, decoder, candidate, buffer, address)) {
					matches.add(candidate);
				}
			}
		}
		if (matches.size() != 1) {
			throw new IOException("Expected exactly one fd listening on throwaway address " + address + " in "
					+ fdDirectory + " but found " + matches);
		}
		return matches.get(0);
	}

	private static boolean isListeningOn(Platform platform, SocketAddressDecoder decoder, int fd, byte[] buffer,
			SocketAddress address) {
		try {
			IntByReference length = new IntByReference(buffer.length);
			LibC.INSTANCE.getsockname(fd, buffer, length);
			return address.equals(decoder.decode(buffer, length.getValue()))
					&& intOption(fd, platform.soAcceptConn()) != 0;
		}
		catch (LastErrorException ex) {
			return false;
		}
	}

	private static int parseFd(String name) {
		try {
			return Integer.parseInt(name);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static void deleteThrowaway(Path directory) throws IOException {
		Files.deleteIfExists(directory.resolve("s"));
		Files.deleteIfExists(directory);
	}

	private static int intOption(int fd, int option) {
		Platform platform = Platform.current();
		IntByReference value = new IntByReference();
		IntByReference length = new IntByReference(4);
		LibC.INSTANCE.getsockopt(fd, platform.solSocket(), option, value, length);
		return value.getValue();
	}

	private static @Nullable SocketAddress peer(int fd, SocketAddressDecoder decoder, Platform platform) {
		byte[] buffer = new byte[SocketAddressDecoder.BUFFER_SIZE];
		IntByReference length = new IntByReference(buffer.length);
		try {
			LibC.INSTANCE.getpeername(fd, buffer, length);
		}
		catch (LastErrorException ex) {
			if (ex.getErrorCode() == platform.enotconn()) {
				return null;
			}
			throw ex;
		}
		SocketAddress peer = decoder.decode(buffer, length.getValue());
		return (peer != null) ? peer : UnixDomainSocketAddress.of("(unnamed)");
	}

	private static String describeNonSocket(int fd) {
		Path link = Path.of("/proc/self/fd", Integer.toString(fd));
		try {
			return Files.readSymbolicLink(link).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "a file or pipe";
		}
	}

	private static FdStatus.SocketType socketType(int type) {
		return switch (type) {
			case Platform.SOCK_STREAM -> FdStatus.SocketType.STREAM;
			case Platform.SOCK_DGRAM -> FdStatus.SocketType.DATAGRAM;
			case Platform.SOCK_SEQPACKET -> FdStatus.SocketType.SEQPACKET;
			default -> FdStatus.SocketType.OTHER;
		};
	}

	private static @Nullable SocketFamily family(Platform platform, int code) {
		if (code == platform.afInet()) {
			return SocketFamily.INET;
		}
		if (code == platform.afInet6()) {
			return SocketFamily.INET6;
		}
		if (code == platform.afUnix()) {
			return SocketFamily.UNIX;
		}
		return null;
	}

	private static String familyName(Platform platform, int code) {
		SocketFamily family = family(platform, code);
		if (family != null) {
			return "AF_" + family.name();
		}
		return switch (code) {
			case 16 -> (platform == Platform.LINUX) ? "AF_NETLINK" : "address family 16";
			case 17 -> (platform == Platform.LINUX) ? "AF_PACKET" : "address family 17";
			case 40 -> (platform == Platform.LINUX) ? "AF_VSOCK" : "address family 40";
			default -> "address family " + code;
		};
	}

}
