package io.socketactivation.actuate;

import io.socketactivation.ActivatedSocket;

/**
 * The connection counts of one activated socket as the web server serving it sees them.
 * Implemented per server (see {@link ListenerInstrumentation}); read by the metrics
 * binder, the health indicator and the endpoint.
 *
 * @author socket-activation contributors
 */
public interface ListenerConnections {

	/**
	 * Return the activated socket the server listens on.
	 * @return the socket
	 */
	ActivatedSocket socket();

	/**
	 * Return how many connections the server has accepted on this socket since it
	 * started. Never decreases.
	 * @return the number of accepted connections
	 */
	long acceptedConnections();

	/**
	 * Return how many of those connections are open now.
	 * @return the number of open connections
	 */
	long openConnections();

	/**
	 * Whether every connection to this socket must start with a PROXY protocol header.
	 * @return {@code true} if the header is required; {@code false} by default, for an
	 * instrumentation that does not know
	 */
	default boolean requiresProxyHeader() {
		return false;
	}

	/**
	 * Return how many connections the server has closed unserved since it started because
	 * they did not start with a valid PROXY protocol header within the header timeout: a
	 * missing or invalid header, one not complete in time, or a client that left first.
	 * Never decreases; zero when the socket requires no header.
	 * @return the number of refused connections; zero by default
	 */
	default long refusedConnections() {
		return 0;
	}

}
