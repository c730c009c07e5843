package io.socketactivation.nativeio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.jna.LastErrorException;

/**
 * Process-level native calls: the C environment and this process's pidfd id.
 *
 * @author socket-activation contributors
 */
public final class NativeProcess {

	/** {@code SYS_pidfd_open}: the same number on x86-64 and arm64 (generic table). */
	private static final long SYS_PIDFD_OPEN = 434;

	private static final Pattern PIDFS_LINK = Pattern.compile("pidfd:\\[(\\d+)]");

	private NativeProcess() {
	}

	/**
	 * Remove a variable from the C environment, so that children started with an
	 * inherited environment do not see it. Failure is ignored: the JDK's own copy is
	 * filtered anyway.
	 * @param name the variable
	 */
	public static void unsetenv(String name) {
		try {
			LibC.INSTANCE.unsetenv(name);
		}
		catch (LastErrorException | UnsatisfiedLinkError ex) {
			// best effort, as libsystemd's unset_environment
		}
	}

	/**
	 * Return the inode id of a pidfd for this process, which systemd 258+ passes as
	 * {@code LISTEN_PIDFDID}. Only pidfs (Linux 6.9+) gives pidfds distinct inodes; on
	 * other kernels and platforms the id cannot be read and the check is skipped, as
	 * libsystemd does.
	 * @return the id, or empty when it cannot be read
	 */
	public static OptionalLong pidfdId() {
		if (Platform.current() != Platform.LINUX) {
			return OptionalLong.empty();
		}
		int pidfd;
		try {
			pidfd = (int) LibC.INSTANCE.syscall(SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0L);
		}
		catch (LastErrorException | UnsatisfiedLinkError ex) {
			return OptionalLong.empty();
		}
		try {
			String link = Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(pidfd))).toString();
			Matcher matcher = PIDFS_LINK.matcher(link);
			return matcher.matches() ? OptionalLong.of(Long.parseUnsignedLong(matcher.group(1))) : OptionalLong.empty();
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
		finally {
			LibC.INSTANCE.close(pidfd);
		}
	}

}
