package io.socketactivation;

/**
 * Address family of an activated listening socket.
 *
 * @author socket-activation contributors
 */
public enum SocketFamily {

	/** IPv4 ({@code AF_INET}). */
	INET,

	/** IPv6 ({@code AF_INET6}). */
	INET6,

	/** Unix domain ({@code AF_UNIX}). */
	UNIX

}
