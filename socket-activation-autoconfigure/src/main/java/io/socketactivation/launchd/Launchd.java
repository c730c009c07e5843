package io.socketactivation.launchd;

import io.socketactivation.nativeio.NativeLaunchd;

/**
 * launchd's socket activation call, injectable so that every answer can be exercised
 * without macOS.
 *
 * @author socket-activation contributors
 */
public interface Launchd {

	/**
	 * Ask launchd for the sockets of one entry of the job's {@code Sockets} dictionary,
	 * as {@code launch_activate_socket(3)} does. Implementations ask launchd at most once
	 * per name and process, and answer later calls from the first answer.
	 * @param name the key in the plist's {@code Sockets} dictionary
	 * @return the answer
	 */
	LaunchdAnswer activateSocket(String name);

	/**
	 * Return launchd as this process sees it: libSystem's {@code launch_activate_socket}
	 * through JNA; {@link LaunchdAnswer.Outcome#UNAVAILABLE} where there is no libSystem.
	 * @return the launchd of this process
	 */
	static Launchd system() {
		return NativeLaunchd.INSTANCE;
	}

}
