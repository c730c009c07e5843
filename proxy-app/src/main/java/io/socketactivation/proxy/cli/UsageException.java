package io.socketactivation.proxy.cli;

/**
 * The command line is not one proxy-app understands.
 *
 * @author socket-activation contributors
 */
public class UsageException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param message what is wrong with the command line
	 */
	public UsageException(String message) {
		super(message);
	}

}
