package io.socketactivation.nativeio;

import java.util.Map;

import com.sun.jna.LastErrorException;

/**
 * Error numbers and their names. The classic Unix numbers (1 to 34) are shared by Linux
 * and macOS; later ones differ ({@code EALREADY} is 114 on Linux, 37 on macOS).
 *
 * @author socket-activation contributors
 */
final class Errno {

	/** {@code ENOENT}, the same on Linux and macOS. */
	static final int ENOENT = 2;

	/** {@code ESRCH}, the same on Linux and macOS. */
	static final int ESRCH = 3;

	private static final Map<Integer, String> COMMON = Map.ofEntries(Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"),
			Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"), Map.entry(5, "EIO"), Map.entry(6, "ENXIO"),
			Map.entry(9, "EBADF"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"),
			Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"), Map.entry(22, "EINVAL"), Map.entry(23, "ENFILE"),
			Map.entry(24, "EMFILE"), Map.entry(28, "ENOSPC"));

	private static final Map<Integer, String> LINUX = Map.of(11, "EAGAIN", 95, "ENOTSUP", 110, "ETIMEDOUT", 114,
			"EALREADY");

	private static final Map<Integer, String> MACOS = Map.of(11, "EDEADLK", 35, "EAGAIN", 37, "EALREADY", 45, "ENOTSUP",
			60, "ETIMEDOUT");

	private Errno() {
	}

	/**
	 * Return {@code EALREADY} of the platform.
	 * @param platform the platform
	 * @return the number
	 */
	static int ealready(Platform platform) {
		return (platform == Platform.LINUX) ? 114 : 37;
	}

	/**
	 * Describe an error number as a person reads it.
	 * @param platform the platform
	 * @param errno the number
	 * @return for example {@code EPERM (Operation not permitted)}, or
	 * {@code errno 77 (...)} for a number without a known name
	 */
	static String describe(Platform platform, int errno) {
		String name = COMMON.get(errno);
		if (name == null) {
			name = ((platform == Platform.LINUX) ? LINUX : MACOS).get(errno);
		}
		String text = (name != null) ? name : "errno " + errno;
		return text + " (" + message(errno) + ")";
	}

	private static String message(int errno) {
		try {
			return LibC.INSTANCE.strerror(errno);
		}
		catch (LastErrorException | LinkageError ex) {
			return "no message";
		}
	}

}
