package io.socketactivation.launchd;

import java.util.List;

import io.socketactivation.InheritedFd;

/**
 * What launchd answered for the configured socket names: the fds handed over, or why this
 * process is not activated by launchd.
 *
 * @param fds the fds handed over, in the order of the names, empty when not activated
 * @param reason a summary of what was handed over, or why nothing was
 * @param available whether launchd could be asked at all (false on any platform but
 * macOS)
 * @author socket-activation contributors
 */
public record LaunchdActivation(List<InheritedFd> fds, String reason, boolean available) {

	/**
	 * Create a result.
	 * @param fds the fds handed over
	 * @param reason a summary of what was handed over, or why nothing was
	 * @param available whether launchd could be asked at all
	 */
	public LaunchdActivation {
		fds = List.copyOf(fds);
	}

	/**
	 * Whether launchd handed this process any fd.
	 * @return {@code true} when activated
	 */
	public boolean isActivated() {
		return !this.fds.isEmpty();
	}

}
