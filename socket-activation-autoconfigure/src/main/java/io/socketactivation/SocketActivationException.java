package io.socketactivation;

/**
 * Socket activation was attempted but cannot be honoured: the environment or a
 * handed-over file descriptor is not what it must be. The message says what was found,
 * naming the variable, fd or file; {@link #getAction()} says what to change.
 *
 * @author socket-activation contributors
 */
public class SocketActivationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String description;

	private final String action;

	/**
	 * Create a new exception.
	 * @param description what was found, naming the variable, fd or file
	 * @param action what to change to fix it
	 */
	public SocketActivationException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Create a new exception.
	 * @param description what was found, naming the variable, fd or file
	 * @param action what to change to fix it
	 * @param cause the cause, if any
	 */
	public SocketActivationException(String description, String action, Throwable cause) {
		super(description + " Action: " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what was found.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return what to change to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
