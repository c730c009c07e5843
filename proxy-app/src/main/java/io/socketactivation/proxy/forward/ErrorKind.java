package io.socketactivation.proxy.forward;

/**
 * Why a connection ended badly, or an accept failed; each kind is counted.
 *
 * @author socket-activation contributors
 */
public enum ErrorKind {

	/** The backend did not accept the connection within the connect timeout. */
	BACKEND_UNAVAILABLE("backend-unavailable"),

	/** The client went away before the backend accepted its connection. */
	CLIENT_GONE_WAITING("client-gone-waiting"),

	/** The client reset its connection. */
	CLIENT_RESET("client-reset"),

	/** The backend reset its connection. */
	BACKEND_RESET("backend-reset"),

	/** Another I/O error on the client's side. */
	CLIENT_IO("client-io"),

	/** Another I/O error on the backend's side. */
	BACKEND_IO("backend-io"),

	/** No byte moved for the idle timeout. */
	IDLE_TIMEOUT("idle-timeout"),

	/** The connection reached its maximum lifetime. */
	MAX_LIFETIME("max-lifetime"),

	/** Accepting a connection failed (the listener keeps accepting). */
	ACCEPT("accept");

	private final String tag;

	ErrorKind(String tag) {
		this.tag = tag;
	}

	/**
	 * Return the name used in logs and metric tags.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

}
