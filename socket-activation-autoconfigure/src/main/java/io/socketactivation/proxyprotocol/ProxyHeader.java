package io.socketactivation.proxyprotocol;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * A decoded PROXY protocol header: what the proxy in front of this server says about the
 * connection it forwards.
 *
 * @param version the protocol version, 1 or 2
 * @param command {@link Command#PROXY}, or {@link Command#LOCAL} for a connection the
 * proxy made on its own behalf (a health check)
 * @param family the address family the header names; {@link Family#UNSPEC} for version
 * 1's {@code UNKNOWN}
 * @param source the client's address, or {@code null} when the header carries none
 * @param destination the address the client connected to, or {@code null} when the header
 * carries none
 * @author socket-activation contributors
 */
public record ProxyHeader(int version, Command command, Family family, @Nullable SocketAddress source,
		@Nullable SocketAddress destination) {

	/**
	 * Return the client's TCP address, which a server reports as the connection's remote
	 * address; {@code null} when the connection's own peer is to be kept: a {@code LOCAL}
	 * command, an {@code UNKNOWN} or {@code UNSPEC} family, or a Unix socket client.
	 * @return the client's address, or {@code null}
	 */
	public @Nullable InetSocketAddress clientAddress() {
		return (this.command == Command.PROXY && this.source instanceof InetSocketAddress inet) ? inet : null;
	}

	/**
	 * The command of a header.
	 */
	public enum Command {

		/** The connection was made by the proxy on its own behalf: keep its addresses. */
		LOCAL,

		/** The connection is relayed on behalf of the client the header names. */
		PROXY

	}

	/**
	 * The address family of a header.
	 */
	public enum Family {

		/** No address: version 1's {@code UNKNOWN}, version 2's {@code AF_UNSPEC}. */
		UNSPEC,

		/** IPv4 ({@code TCP4}, {@code AF_INET}). */
		INET,

		/** IPv6 ({@code TCP6}, {@code AF_INET6}). */
		INET6,

		/** Unix domain ({@code AF_UNIX}, version 2 only). */
		UNIX

	}

}
