package io.socketactivation;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * A listening socket handed to this process by a service manager, adopted as a standard
 * JDK {@link ServerSocketChannel}.
 * <p>
 * The channel's own {@code getLocalAddress()} must not be trusted (see
 * {@code docs/architecture.md}): {@link #address()} is the address the kernel reports for
 * the socket.
 *
 * @param source where the socket came from
 * @param name the name the service manager gave it ({@code unknown} when unnamed)
 * @param fd the file descriptor number it was handed over on, or {@code -1} for a socket
 * this process bound itself
 * @param family the address family
 * @param address the address the socket listens on, as reported by {@code getsockname}
 * @param channel the adopted channel
 * @author socket-activation contributors
 */
public record ActivatedSocket(SocketSource source, String name, int fd, SocketFamily family, SocketAddress address,
		ServerSocketChannel channel) {

	/**
	 * Return the TCP port, or {@code -1} for a Unix socket.
	 * @return the port
	 */
	public int port() {
		return (this.address instanceof InetSocketAddress inet) ? inet.getPort() : -1;
	}

	/**
	 * Whether this is a TCP (IPv4 or IPv6) socket.
	 * @return {@code true} for TCP
	 */
	public boolean isTcp() {
		return this.family != SocketFamily.UNIX;
	}

	/**
	 * Return the address as a person writes it: {@code 127.0.0.1:8080},
	 * {@code [::1]:8080}, {@code /run/app.sock} or {@code @abstract}.
	 * @return the address text
	 */
	public String displayAddress() {
		return format(this.address);
	}

	/**
	 * Return a one-line description for logs and error messages.
	 * @return e.g. {@code systemd socket 'web.socket' (fd 3) on 127.0.0.1:8080}
	 */
	public String describe() {
		String fd = (this.fd >= 0) ? " (fd " + this.fd + ")" : "";
		return this.source.displayName() + " socket '" + this.name + "'" + fd + " on " + displayAddress();
	}

	/**
	 * Return the channel for a server to serve, which must still be open: an adopted
	 * socket is served by one server, once. A server closes it when it stops (the service
	 * manager's copy still listens), so a server stopped and started again in the same
	 * process ({@code ConfigurableApplicationContext.stop()} then {@code start()}) cannot
	 * serve it again.
	 * @return the open channel
	 * @throws SocketActivationException if a server already served and closed it
	 */
	public ServerSocketChannel openChannel() {
		if (!this.channel.isOpen()) {
			throw new SocketActivationException(
					describe() + " was already closed: an adopted socket can be served by one server, once; a "
							+ "server that stopped (the application context's stop(), say) cannot serve it again "
							+ "in this process.",
					"Restart the service (systemctl restart), which hands the socket to a new process, instead of "
							+ "stopping and starting the application context.");
		}
		return this.channel;
	}

	@Override
	public String toString() {
		return describe();
	}

	/**
	 * Format a socket address as a person writes it.
	 * @param address the address
	 * @return the text
	 */
	public static String format(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
			boolean ipv6 = inet.getAddress() instanceof Inet6Address;
			return (ipv6 ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		if (address instanceof UnixDomainSocketAddress unix) {
			return unix.getPath().toString();
		}
		return address.toString();
	}

}
