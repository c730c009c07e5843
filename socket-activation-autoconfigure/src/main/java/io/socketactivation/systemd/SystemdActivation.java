package io.socketactivation.systemd;

import java.util.List;

import io.socketactivation.InheritedFd;

/**
 * What the systemd {@code LISTEN_*} variables said: the fds handed over, or why this
 * process is not activated.
 *
 * @param fds the fds handed over, empty when not activated
 * @param reason why the process is not activated, or a summary of what was passed
 * @author socket-activation contributors
 */
public record SystemdActivation(List<InheritedFd> fds, String reason) {

	/**
	 * Whether the variables handed this process any fd.
	 * @return {@code true} when activated
	 */
	public boolean isActivated() {
		return !this.fds.isEmpty();
	}

}
