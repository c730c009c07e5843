package io.socketactivation.proxy.config;

/**
 * A setting, variable or argument of proxy-app is missing or wrong. The message names it
 * and says what to do; proxy-app prints it as one line and exits before anything starts.
 *
 * @author socket-activation contributors
 */
public class ProxySettingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create a new exception.
	 * @param description what is wrong, naming the setting
	 * @param action what to do about it
	 */
	public ProxySettingException(String description, String action) {
		super(description + " " + action);
	}

	/**
	 * Create a new exception.
	 * @param description what is wrong, naming the setting
	 * @param action what to do about it
	 * @param cause the cause
	 */
	public ProxySettingException(String description, String action, Throwable cause) {
		super(description + " " + action, cause);
	}

}
