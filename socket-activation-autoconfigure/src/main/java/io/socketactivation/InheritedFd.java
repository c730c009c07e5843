package io.socketactivation;

/**
 * A file descriptor a service manager says it handed over, before it is verified.
 *
 * @param source who handed it over
 * @param fd the file descriptor number
 * @param name the name it was given ({@code unknown} when unnamed)
 * @author socket-activation contributors
 */
public record InheritedFd(SocketSource source, int fd, String name) {

	/**
	 * Return how this fd is named in messages.
	 * @return e.g. {@code fd 3 ('web.socket') from systemd}
	 */
	public String describe() {
		return "fd " + this.fd + " ('" + this.name + "') from " + this.source.displayName();
	}

}
