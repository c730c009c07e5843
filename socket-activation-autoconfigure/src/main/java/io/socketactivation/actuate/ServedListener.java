package io.socketactivation.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivatedSocket;

/**
 * One listening socket of this application: an activated socket (and the server serving
 * it, if any), or the port a server bound itself because nothing was handed over.
 *
 * @param server {@code main}, {@code management}, or {@code none} when no web server
 * serves the socket
 * @param socket the activated socket, or {@code null} for a port the server bound itself
 * @param boundPort the port the server bound itself, or {@code -1} for an activated
 * socket
 * @param connections the connection counts, or {@code null} when the server serving it is
 * not instrumented
 * @author socket-activation contributors
 */
public record ServedListener(String server, @Nullable ActivatedSocket socket, int boundPort,
		@Nullable ListenerConnections connections) {

	/** The source of a port the server bound itself. */
	public static final String BIND_SOURCE = "bind";

	/**
	 * Return where the socket came from: the activation source's display name, or
	 * {@value #BIND_SOURCE}.
	 * @return the source
	 */
	public String source() {
		ActivatedSocket socket = this.socket;
		return (socket != null) ? socket.source().displayName() : BIND_SOURCE;
	}

	/**
	 * Whether this socket is still open: always {@code true} for a port the server bound
	 * itself (the server reports its own failures).
	 * @return {@code false} when an adopted socket was closed
	 */
	public boolean isOpen() {
		ActivatedSocket socket = this.socket;
		return socket == null || socket.channel().isOpen();
	}

	/**
	 * Return the details shown by the health indicator and the endpoint.
	 * @return source, name, fd, family, address, server, whether it is open, and the
	 * connection counts
	 */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("source", source());
		ActivatedSocket socket = this.socket;
		if (socket != null) {
			details.put("name", socket.name());
			details.put("fd", socket.fd());
			details.put("family", socket.family().name());
			details.put("address", socket.displayAddress());
		}
		else {
			details.put("address", "*:" + this.boundPort);
		}
		details.put("server", this.server);
		details.put("open", isOpen());
		ListenerConnections connections = this.connections;
		if (connections != null) {
			details.put("acceptedConnections", connections.acceptedConnections());
			details.put("openConnections", connections.openConnections());
			if (connections.requiresProxyHeader()) {
				details.put("proxyHeader", "required");
				details.put("refusedConnections", connections.refusedConnections());
			}
		}
		return details;
	}

}
