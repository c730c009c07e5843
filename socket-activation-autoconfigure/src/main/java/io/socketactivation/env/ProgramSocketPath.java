package io.socketactivation.env;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivationEnvironment;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;

/**
 * Binds the Unix socket named by {@code LAUNCH_PROGRAM_SOCKET_PATH}, as a program run by
 * launch_socket_server or proxy-app must: a missing parent directory is created
 * {@code 0700}, the socket gets the configured permissions ({@code 0600} by default), a
 * stale socket left at the path by an earlier run is removed, and anything else there (a
 * live socket, a file, a directory, a symbolic link) is refused with an error naming it.
 * The path is this process's: it is removed when the server stops. The same rules bind
 * any other Unix socket path a process owns
 * ({@link #bind(Path, String, SocketSource, String, Set, int)}: proxy-app's management
 * socket).
 *
 * @author socket-activation contributors
 */
public final class ProgramSocketPath {

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;

	/** The variable naming the path. */
	public static final String VARIABLE = "LAUNCH_PROGRAM_SOCKET_PATH";

	/** The name the socket is given. */
	public static final String SOCKET_NAME = "program";

	/** {@code sun_path} holds 108 bytes on Linux and 104 on macOS, NUL included. */
	private static final int MAX_PATH_BYTES = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")
			? 103 : 107;

	private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private ProgramSocketPath() {
	}

	/**
	 * Bind the socket named by {@code LAUNCH_PROGRAM_SOCKET_PATH}, if set.
	 * @param environment the environment
	 * @param permissions the socket file's permissions, e.g. {@code rw-------}
	 * @param backlog the listen backlog
	 * @return the bound socket, or {@code null} when the variable is not set
	 * @throws SocketActivationException if the path cannot be used
	 */
	public static @Nullable ActivatedSocket bind(ActivationEnvironment environment,
			Set<PosixFilePermission> permissions, int backlog) {
		String value = environment.get(VARIABLE);
		if (value == null) {
			return null;
		}
		if (value.isBlank()) {
			throw new SocketActivationException(VARIABLE + " is set but empty.",
					"Set it to the path of the Unix socket to listen on, or unset it.");
		}
		if (value.startsWith("@")) {
			// proxy-app's (and systemd's) way of naming a Linux abstract socket: taken
			// as a path, it would be bound as a file named '@...' in the working
			// directory, where nothing connects
			throw new SocketActivationException(
					VARIABLE + "=" + value
							+ " names a Linux abstract socket, which the application does not listen on: "
							+ "it listens on a socket file.",
					"Set " + VARIABLE + " to a socket path (or let proxy-app generate one: give it no backend "
							+ "when it runs the program); for a file whose name starts with '@', write ./" + value
							+ ".");
		}
		return bind(Path.of(value), VARIABLE, SocketSource.LAUNCH_PROGRAM_SOCKET_PATH, SOCKET_NAME, permissions,
				backlog);
	}

	/**
	 * Bind a Unix socket at a path this process owns, by the rules above.
	 * @param path the path
	 * @param setting the variable or property that names the path, for the messages
	 * @param source the socket's source (one that owns its path)
	 * @param name the name the socket is given
	 * @param permissions the socket file's permissions, e.g. {@code rw-------}
	 * @param backlog the listen backlog
	 * @return the bound socket
	 * @throws SocketActivationException if the path cannot be used
	 */
	public static ActivatedSocket bind(Path path, String setting, SocketSource source, String name,
			Set<PosixFilePermission> permissions, int backlog) {
		Path absolute = path.toAbsolutePath();
		String named = setting + "=" + absolute;
		checkLength(absolute, named);
		prepareParent(absolute, named);
		removeStaleSocket(absolute, named, setting);
		ServerSocketChannel channel = listen(absolute, named, backlog);
		try {
			Files.setPosixFilePermissions(absolute, permissions);
		}
		catch (IOException | UnsupportedOperationException ex) {
			close(channel, absolute);
			throw failure("Setting the permissions of " + named + " failed: " + ex.getMessage(),
					"Check that this user owns the socket file.", ex);
		}
		return new ActivatedSocket(source, name, -1, SocketFamily.UNIX, UnixDomainSocketAddress.of(absolute), channel);
	}

	private static void checkLength(Path path, String named) {
		int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
		if (length > MAX_PATH_BYTES) {
			throw new SocketActivationException(
					named + " is " + length + " bytes long; a Unix socket path holds at most " + MAX_PATH_BYTES
							+ " on this platform.",
					"Use a shorter path (proxy-app generates a short one when it runs the program itself).");
		}
	}

	private static void prepareParent(Path path, String named) {
		Path parent = path.getParent();
		if (Files.isDirectory(parent)) {
			return;
		}
		try {
			createPrivateDirectories(parent);
		}
		catch (IOException ex) {
			throw failure("The directory of " + named + " does not exist and cannot be created: " + ex.getMessage(),
					"Create " + parent + " (mode 0700) or choose a path in a directory this user " + "may write.", ex);
		}
	}

	private static void createPrivateDirectories(Path directory) throws IOException {
		Path parent = directory.getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			createPrivateDirectories(parent);
		}
		Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
	}

	private static void removeStaleSocket(Path path, String named, String setting) {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			return; // nothing there
		}
		if (!attributes.isOther() || !isSocket(path)) {
			String kind = attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
					: attributes.isOther() ? "a FIFO or a device" : "a regular file";
			throw new SocketActivationException(named + " is " + kind + ", not a socket.", "Point " + setting
					+ " at a free path; only a stale socket left by an earlier run is removed " + "automatically.");
		}
		if (isLive(path, named)) {
			throw new SocketActivationException(named + " is a socket another process is listening on.",
					"Stop the other process (another instance of this application?) or use another path.");
		}
		try {
			Files.delete(path);
		}
		catch (IOException ex) {
			throw failure("The stale socket at " + named + " cannot be removed: " + ex.getMessage(),
					"Remove it, or check the permissions of its directory.", ex);
		}
	}

	private static boolean isSocket(Path path) {
		try {
			int mode = (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
			return (mode & S_IFMT) == S_IFSOCK;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return true; // no unix attributes here: "other" is all that is known
		}
	}

	/**
	 * Whether a process listens on a socket: a refused connection says nobody does; any
	 * other failure (another user's socket this process may not connect to) leaves it
	 * unknown, and the socket is not removed.
	 * @param path the socket's path
	 * @param named the path and where it comes from, for messages
	 * @return whether a connection was accepted
	 */
	private static boolean isLive(Path path, String named) {
		try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
			return probe.isConnected();
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new SocketActivationException(
					named + " is a socket this process cannot connect to (" + ex.getMessage()
							+ "), so whether another process listens on it is unknown.",
					"Remove it if it is stale, or use another path.", ex);
		}
	}

	private static ServerSocketChannel listen(Path path, String named, int backlog) {
		try {
			ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			try {
				channel.bind(UnixDomainSocketAddress.of(path), backlog);
				return channel;
			}
			catch (IOException ex) {
				channel.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw failure("Listening on " + named + " failed: " + ex.getMessage(),
					"Check that this user may create files in " + path.getParent() + ".", ex);
		}
	}

	/**
	 * Remove the socket file of a socket this process bound.
	 * @param socket the socket
	 */
	public static void remove(ActivatedSocket socket) {
		if (socket.source().ownsPath() && socket.address() instanceof UnixDomainSocketAddress unix) {
			try {
				Files.deleteIfExists(unix.getPath());
			}
			catch (IOException ex) {
				// best effort at shutdown: the next start removes a stale socket
			}
		}
	}

	private static void close(ServerSocketChannel channel, Path path) {
		try {
			channel.close();
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			// failing anyway
		}
	}

	private static SocketActivationException failure(String description, String action, Exception cause) {
		return new SocketActivationException(description, action, cause);
	}

}
