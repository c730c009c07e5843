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
	SYSTEMD("systemd"),

	/**
	 * Handed over by launchd through {@code launch_activate_socket(3)}, by the name of an
	 * entry of the plist's {@code Sockets}.
	 */
	LAUNCHD("launchd");

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
