package io.socketactivation.proxyprotocol;

import java.io.IOException;

/**
 * The bytes at the start of a connection are not a valid PROXY protocol header.
 *
 * @author socket-activation contributors
 */
public class InvalidProxyHeaderException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what is wrong with the header
	 */
	public InvalidProxyHeaderException(String message) {
		super(message);
	}

}
