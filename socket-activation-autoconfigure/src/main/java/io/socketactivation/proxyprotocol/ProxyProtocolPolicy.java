package io.socketactivation.proxyprotocol;

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
 * client could claim any address.
 *
 * @author socket-activation contributors
 */
public final class ProxyProtocolPolicy {

	private static final ProxyProtocolPolicy NONE = new ProxyProtocolPolicy(false, List.of());

	private final boolean programSocket;

	private final Set<String> names;

	private ProxyProtocolPolicy(boolean programSocket, Collection<String> names) {
		this.programSocket = programSocket;
		this.names = Set.copyOf(names);
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
		return (!programSocket && names.isEmpty()) ? NONE : new ProxyProtocolPolicy(programSocket, names);
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

	@Override
	public String toString() {
		return "ProxyProtocolPolicy[programSocket=" + this.programSocket + ", names=" + this.names + "]";
	}

}
