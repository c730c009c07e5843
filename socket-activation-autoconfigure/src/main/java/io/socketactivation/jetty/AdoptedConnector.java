package io.socketactivation.jetty;

import io.socketactivation.ActivatedSocket;

/**
 * A Jetty connector serving an adopted socket, and its connection counts.
 *
 * @author socket-activation contributors
 */
public interface AdoptedConnector {

	/**
	 * Return the socket this connector serves.
	 * @return the socket
	 */
	ActivatedSocket getSocket();

	/**
	 * Return how many connections this connector has accepted since it started.
	 * @return the number of accepted connections
	 */
	long getAcceptedConnections();

	/**
	 * Return how many connections are open now.
	 * @return the number of open connections
	 */
	int getOpenConnections();

}
