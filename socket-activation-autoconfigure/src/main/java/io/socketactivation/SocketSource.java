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
	LAUNCHD("launchd"),

	/**
	 * A listening socket on standard input: inetd "wait", systemd
	 * {@code StandardInput=socket}, launchd {@code inetdCompatibility} with {@code Wait}.
	 */
	STDIN("stdin"),

	/**
	 * A Unix socket this process binds at the path in {@code LAUNCH_PROGRAM_SOCKET_PATH}
	 * (launch_socket_server's and proxy-app's contract); the process owns the path.
	 */
	LAUNCH_PROGRAM_SOCKET_PATH("LAUNCH_PROGRAM_SOCKET_PATH"),

	/**
	 * A socket this process bound itself and hands to a server to serve as it serves an
	 * activated one (proxy-app's management socket); the process owns the path.
	 */
	BOUND("bound");

	private final String displayName;

	SocketSource(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * Whether this process created the socket's path, and so must remove it when it
	 * stops. A path the service manager created is never removed.
	 * @return {@code true} if the path belongs to this process
	 */
	public boolean ownsPath() {
		return this == LAUNCH_PROGRAM_SOCKET_PATH || this == BOUND;
	}

	/**
	 * Return the name used in logs, health details and metric tags.
	 * @return the display name
	 */
	public String displayName() {
		return this.displayName;
	}

}
