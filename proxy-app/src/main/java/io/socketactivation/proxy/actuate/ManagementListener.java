package io.socketactivation.proxy.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;
import io.socketactivation.env.ProgramSocketPath;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxySettingException;

/**
 * The listening sockets of the management server: the activated sockets named
 * {@code proxy.management.socket-name}, or one the proxy binds (a Unix socket path, or a
 * {@code host:port}). Either way they listen before the management server starts, which
 * serves them as the starter serves activated sockets; a connection that arrives earlier
 * waits in the socket.
 *
 * @author socket-activation contributors
 */
public final class ManagementListener implements AutoCloseable {

	private static final String SETTING = "proxy.management.address";

	private static final String SOCKET_NAME = "management";

	private static final int BACKLOG = 64;

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private final ActivatedSockets sockets;

	private final @Nullable String bound;

	private ManagementListener(ActivatedSockets sockets, @Nullable String bound) {
		this.sockets = sockets;
		this.bound = bound;
	}

	/**
	 * Check an address to bind: a {@code host:port} must be a loopback address unless
	 * allowed otherwise, as Actuator there shows the proxy's health details and settings
	 * to whoever connects.
	 * @param address a Unix socket path or a {@code host:port}
	 * @param allowNonLoopback whether a {@code host:port} may be reachable from elsewhere
	 * @throws ProxySettingException if the address is not usable
	 */
	public static void checkAddress(String address, boolean allowNonLoopback) {
		if (parse(address) instanceof BackendAddress.Tcp tcp && !allowNonLoopback && !isLoopback(tcp.host())) {
			throw new ProxySettingException(
					SETTING + "='" + address + "' is not a loopback address: Actuator there "
							+ "would show the proxy's health details and settings to other hosts.",
					"Give a Unix socket path or a loopback host:port (127.0.0.1, [::1], localhost), or set "
							+ "proxy.management.allow-non-loopback=true and restrict access to the port yourself.");
		}
	}

	private static boolean isLoopback(String host) {
		try {
			InetAddress[] addresses = InetAddress.getAllByName(host);
			return Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
		}
		catch (UnknownHostException ex) {
			throw new ProxySettingException(
					SETTING + "='" + host + "' names a host that cannot be resolved (" + ex.getMessage() + ").",
					"Give a Unix socket path or a loopback host:port.");
		}
	}

	/**
	 * Bind and listen on an address.
	 * @param address a Unix socket path (bound as {@code LAUNCH_PROGRAM_SOCKET_PATH} is:
	 * mode 0600, a stale socket replaced) or a {@code host:port}
	 * @return the listener
	 * @throws ProxySettingException if the address is not usable
	 * @throws SocketActivationException if a Unix socket path cannot be used
	 * @throws UncheckedIOException if a {@code host:port} cannot be bound
	 */
	public static ManagementListener bind(String address) {
		BackendAddress parsed = parse(address);
		ActivatedSocket socket = (parsed instanceof BackendAddress.UnixSocket unix) ? ProgramSocketPath
			.bind(Path.of(unix.path()), SETTING, SocketSource.BOUND, SOCKET_NAME, OWNER_ONLY, BACKLOG)
				: listen((BackendAddress.Tcp) parsed);
		return new ManagementListener(ActivatedSockets.of(List.of(socket), SETTING + "=" + address), address);
	}

	private static BackendAddress parse(String address) {
		if (address.startsWith("@")) {
			throw new ProxySettingException(
					SETTING + "='" + address + "' is an abstract socket name, which the "
							+ "management server cannot listen on.",
					"Give a Unix socket path or a loopback host:port.");
		}
		return address.startsWith("/") ? BackendAddress.parseSocketPath(address, SETTING)
				: BackendAddress.parseTcp(address, SETTING);
	}

	private static ActivatedSocket listen(BackendAddress.Tcp address) {
		try {
			ServerSocketChannel channel = ServerSocketChannel.open();
			try {
				channel.bind(new InetSocketAddress(address.host(), address.port()), BACKLOG);
				InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
				SocketFamily family = (local.getAddress() instanceof Inet6Address) ? SocketFamily.INET6
						: SocketFamily.INET;
				return new ActivatedSocket(SocketSource.BOUND, SOCKET_NAME, -1, family, local, channel);
			}
			catch (IOException | RuntimeException ex) {
				channel.close();
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Listening on " + SETTING + "=" + address.display() + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return a listener on activated sockets, adopted as JDK channels.
	 * @param sockets the sockets
	 * @return the listener
	 */
	public static ManagementListener serve(ActivatedSockets sockets) {
		return new ManagementListener(sockets, null);
	}

	/**
	 * Return the sockets.
	 * @return the sockets
	 */
	ActivatedSockets sockets() {
		return this.sockets;
	}

	/**
	 * Return where this is, as the log says it.
	 * @return the address bound, or the activated sockets described
	 */
	public String describe() {
		String address = this.bound;
		return (address != null) ? address
				: this.sockets.stream().map(ActivatedSocket::describe).collect(Collectors.joining(", "));
	}

	/**
	 * Close the sockets (this process's descriptors; once the management server served
	 * them it closed them already) and remove the path of a Unix socket bound here.
	 */
	@Override
	public void close() {
		for (ActivatedSocket socket : this.sockets) {
			try {
				socket.channel().close();
			}
			catch (IOException ex) {
				// at shutdown: nothing more to do about it
			}
			ProgramSocketPath.remove(socket);
		}
	}

	@Override
	public String toString() {
		return describe();
	}

}
