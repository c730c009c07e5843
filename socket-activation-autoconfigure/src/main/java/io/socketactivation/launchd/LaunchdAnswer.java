package io.socketactivation.launchd;

import java.util.List;

/**
 * What {@code launch_activate_socket(3)} answered for one socket name.
 *
 * @param name the socket name asked for
 * @param outcome what the answer means
 * @param fds the file descriptors handed over (only for {@link Outcome#ACTIVATED})
 * @param errno the error number returned, 0 when there was none
 * @param detail the error as a person reads it (for example
 * {@code EPERM (Operation not permitted)}), or why launchd is unavailable; empty
 * otherwise
 * @author socket-activation contributors
 */
public record LaunchdAnswer(String name, Outcome outcome, List<Integer> fds, int errno, String detail) {

	/**
	 * Create an answer.
	 * @param name the socket name asked for
	 * @param outcome what the answer means
	 * @param fds the file descriptors handed over
	 * @param errno the error number returned, 0 when there was none
	 * @param detail the error as a person reads it, or empty
	 */
	public LaunchdAnswer {
		fds = List.copyOf(fds);
	}

	/**
	 * Return the answer of a name that launchd handed sockets for.
	 * @param name the name
	 * @param fds the file descriptors
	 * @return the answer
	 */
	public static LaunchdAnswer activated(String name, List<Integer> fds) {
		return new LaunchdAnswer(name, Outcome.ACTIVATED, fds, 0, "");
	}

	/**
	 * Return an answer that is an error number.
	 * @param name the name
	 * @param outcome what the error means
	 * @param errno the error number
	 * @param detail the error as a person reads it
	 * @return the answer
	 */
	public static LaunchdAnswer error(String name, Outcome outcome, int errno, String detail) {
		return new LaunchdAnswer(name, outcome, List.of(), errno, detail);
	}

	/**
	 * Return the answer when launchd cannot be asked at all.
	 * @param name the name
	 * @param why why not, for example the library that could not be loaded
	 * @return the answer
	 */
	public static LaunchdAnswer unavailable(String name, String why) {
		return new LaunchdAnswer(name, Outcome.UNAVAILABLE, List.of(), 0, why);
	}

	/**
	 * What an answer of {@code launch_activate_socket(3)} means.
	 */
	public enum Outcome {

		/** 0: the sockets were handed over. */
		ACTIVATED,

		/**
		 * {@code ESRCH}: this process is not managed by launchd (some launchd versions
		 * also say so for a name that is not in the plist).
		 */
		NOT_MANAGED,

		/** {@code ENOENT}: the job's plist has no such name in its {@code Sockets}. */
		NOT_IN_PLIST,

		/**
		 * {@code EALREADY} with no earlier answer to repeat: another caller took the
		 * sockets first (other code in this process, or a proxy in front of it).
		 */
		ALREADY_ACTIVATED,

		/** Any other error number. */
		FAILED,

		/** launchd cannot be asked: there is no libSystem (any platform but macOS). */
		UNAVAILABLE

	}

}
