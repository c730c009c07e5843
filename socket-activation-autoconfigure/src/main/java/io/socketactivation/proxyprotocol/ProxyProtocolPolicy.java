package io.socketactivation.proxyprotocol;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketSource;

/**
 * Which sockets require a PROXY protocol header (version 1 or 2) on every connection, and
 * so report the client the header names as the connection's remote address. Only sockets
 * chosen explicitly: the {@code LAUNCH_PROGRAM_SOCKET_PATH} socket when its proxy
 * (launch_socket_server's successor, proxy-app) sends the header, and activated sockets
 * by name. A header is trusted on no other socket: on a socket any client can reach, a
 * client could claim any address. A connection whose header is not complete within the
 * {@link #headerTimeout() header timeout} is closed unserved.
 *
 * @author socket-activation contributors
 */
public final class ProxyProtocolPolicy {

	/** How long a connection may take to send its header unless configured otherwise. */
	public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(5);

	private static final ProxyProtocolPolicy NONE = new ProxyProtocolPolicy(false, List.of(), DEFAULT_HEADER_TIMEOUT);

	private final boolean programSocket;

	private final Set<String> names;

	private final Duration headerTimeout;

	private ProxyProtocolPolicy(boolean programSocket, Collection<String> names, Duration headerTimeout) {
		if (headerTimeout.isNegative() || headerTimeout.isZero()) {
			throw new IllegalArgumentException("The PROXY protocol header timeout must be positive, not "
					+ headerTimeout + " (socket-activation.proxy-protocol.header-timeout)");
		}
		this.programSocket = programSocket;
		this.names = Set.copyOf(names);
		this.headerTimeout = headerTimeout;
	}

	/**
	 * Return the policy under which no socket requires the header.
	 * @return the policy
	 */
	public static ProxyProtocolPolicy none() {
		return NONE;
	}

	/**
	 * Return a policy.
	 * @param programSocket whether the socket bound at {@code LAUNCH_PROGRAM_SOCKET_PATH}
	 * requires the header
	 * @param names the names of the activated sockets that require the header
	 * @return the policy
	 */
	public static ProxyProtocolPolicy of(boolean programSocket, Collection<String> names) {
		return of(programSocket, names, DEFAULT_HEADER_TIMEOUT);
	}

	/**
	 * Return a policy.
	 * @param programSocket whether the socket bound at {@code LAUNCH_PROGRAM_SOCKET_PATH}
	 * requires the header
	 * @param names the names of the activated sockets that require the header
	 * @param headerTimeout how long a connection may take to send its complete header
	 * @return the policy
	 * @throws IllegalArgumentException if the timeout is not positive
	 */
	public static ProxyProtocolPolicy of(boolean programSocket, Collection<String> names, Duration headerTimeout) {
		if (!programSocket && names.isEmpty() && headerTimeout.equals(DEFAULT_HEADER_TIMEOUT)) {
			return NONE;
		}
		return new ProxyProtocolPolicy(programSocket, names, headerTimeout);
	}

	/**
	 * Whether every connection to the given socket must start with a PROXY protocol
	 * header.
	 * @param socket the socket
	 * @return {@code true} if the header is required (and trusted)
	 */
	public boolean requiresHeader(ActivatedSocket socket) {
		return (this.programSocket && socket.source() == SocketSource.LAUNCH_PROGRAM_SOCKET_PATH)
				|| this.names.contains(socket.name());
	}

	/**
	 * Return the names of the activated sockets that require the header.
	 * @return the names
	 */
	public Set<String> names() {
		return this.names;
	}

	/**
	 * Return how long a connection to a socket that requires the header may take to send
	 * it completely; then it is closed unserved.
	 * @return the timeout, positive
	 */
	public Duration headerTimeout() {
		return this.headerTimeout;
	}

	@Override
	public String toString() {
		return "ProxyProtocolPolicy[programSocket=" + this.programSocket + ", names=" + this.names + ", headerTimeout="
				+ this.headerTimeout + "]";
	}

}
