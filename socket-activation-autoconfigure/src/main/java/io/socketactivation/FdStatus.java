package io.socketactivation;

import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * What an inherited file descriptor turned out to be.
 *
 * @param kind whether it is open and a socket
 * @param what for a non-socket, what it is instead (for example {@code pipe:[1234]})
 * @param type the socket type
 * @param family the address family, or {@code null} for one that cannot be served
 * @param familyName the family as the kernel names it (for example {@code AF_NETLINK})
 * @param listening whether {@code listen()} was called on it ({@code SO_ACCEPTCONN})
 * @param address the local address ({@code getsockname}), if any
 * @param peer the peer address ({@code getpeername}) of a connected socket
 * @author socket-activation contributors
 */
public record FdStatus(Kind kind, String what, SocketType type, @Nullable SocketFamily family, String familyName,
		boolean listening, @Nullable SocketAddress address, @Nullable SocketAddress peer) {

	/**
	 * Return the status of a file descriptor that is not open.
	 * @return the status
	 */
	public static FdStatus closed() {
		return new FdStatus(Kind.CLOSED, "not open", SocketType.NONE, null, "", false, null, null);
	}

	/**
	 * Return the status of an open file descriptor that is not a socket.
	 * @param what what it is instead
	 * @return the status
	 */
	public static FdStatus notSocket(String what) {
		return new FdStatus(Kind.NOT_SOCKET, what, SocketType.NONE, null, "", false, null, null);
	}

	/**
	 * Return the status of a socket.
	 * @param type the socket type
	 * @param family the family, or {@code null} for one that cannot be served
	 * @param familyName the family as the kernel names it
	 * @param listening whether it is listening
	 * @param address the local address
	 * @param peer the peer address of a connected socket
	 * @return the status
	 */
	public static FdStatus socket(SocketType type, @Nullable SocketFamily family, String familyName, boolean listening,
			@Nullable SocketAddress address, @Nullable SocketAddress peer) {
		return new FdStatus(Kind.SOCKET, "socket", type, family, familyName, listening, address, peer);
	}

	/**
	 * Whether a file descriptor is open and what it is.
	 */
	public enum Kind {

		/** Not open ({@code EBADF}). */
		CLOSED,

		/** Open, but not a socket ({@code ENOTSOCK}). */
		NOT_SOCKET,

		/** A socket. */
		SOCKET

	}

	/**
	 * Socket type ({@code SO_TYPE}).
	 */
	public enum SocketType {

		/** Not a socket. */
		NONE,

		/** {@code SOCK_STREAM}: the only type a web server can serve. */
		STREAM,

		/** {@code SOCK_DGRAM}. */
		DATAGRAM,

		/** {@code SOCK_SEQPACKET}. */
		SEQPACKET,

		/** Any other type. */
		OTHER

	}

}
