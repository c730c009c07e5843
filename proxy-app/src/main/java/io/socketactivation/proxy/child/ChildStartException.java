package io.socketactivation.proxy.child;

import java.io.IOException;

/**
 * The child program could not be started.
 *
 * @author socket-activation contributors
 */
public class ChildStartException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param program the program that could not be started
	 * @param cause why
	 */
	public ChildStartException(String program, IOException cause) {
		super("cannot start program '" + program + "': " + cause.getMessage()
				+ ". Give an executable path (or a name on PATH), or '-' to run none.", cause);
	}

}
