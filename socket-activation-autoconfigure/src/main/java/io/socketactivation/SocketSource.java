package io.socketactivation;

/**
 * Where a listening socket came from.
 *
 * @author socket-activation contributors
 */
public enum SocketSource {

	/**
	 * Passed by systemd (or any manager speaking its protocol) through
	 * {@code LISTEN_FDS}.
	 */
	SYSTEMD("systemd");

	private final String displayName;

	SocketSource(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * Return the name used in logs, health details and metric tags.
	 * @return the display name
	 */
	public String displayName() {
		return this.displayName;
	}

}
