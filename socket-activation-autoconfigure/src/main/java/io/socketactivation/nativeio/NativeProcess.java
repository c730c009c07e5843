package io.socketactivation.nativeio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

/**
 * Process-level native calls: the C environment and this process's pidfd id.
 *
 * @author socket-activation contributors
 */
public final class NativeProcess {

	/** {@code SYS_pidfd_open}: the same number on x86-64 and arm64 (generic table). */
	private static final long SYS_PIDFD_OPEN = 434;

	/** {@code PIDFS_MAGIC}: the file system type of pidfds that have their own inode. */
	private static final long PIDFS_MAGIC = 0x50494446L;

	/** Offset of {@code f_type} in {@code struct statfs} (64-bit Linux). */
	private static final int STATFS_TYPE_OFFSET = 0;

	/**
	 * Offset of {@code st_ino} in {@code struct stat} (64-bit Linux, x86-64 and arm64).
	 */
	private static final int STAT_INO_OFFSET = 8;

	private NativeProcess() {
	}

	/**
	 * Remove a variable from the C environment, so that children started with an
	 * inherited environment do not see it. Failure is ignored, a C library that cannot be
	 * loaded included (JNA's {@code UnsatisfiedLinkError} the first time, a
	 * {@code NoClassDefFoundError} after): the JDK's own copy is filtered anyway.
	 * @param name the variable
	 */
	public static void unsetenv(String name) {
		try {
			LibC.INSTANCE.unsetenv(name);
		}
		catch (LastErrorException | LinkageError ex) {
			// best effort, as libsystemd's unset_environment
		}
	}

	/**
	 * Return the inode id of a pidfd for this process, which systemd 258+ passes as
	 * {@code LISTEN_PIDFDID}. Only pidfs (Linux 6.9+, checked with {@code fstatfs}) gives
	 * each process its own inode; on other kernels, on 32-bit and on other platforms the
	 * id cannot be read and the check is skipped, as libsystemd does.
	 * @return the id, or empty when it cannot be read
	 */
	public static OptionalLong pidfdId() {
		if (Platform.current() != Platform.LINUX || Native.POINTER_SIZE != 8) {
			return OptionalLong.empty();
		}
		int pidfd;
		try {
			pidfd = (int) LibC.INSTANCE.syscall(SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0L);
		}
		catch (LastErrorException | LinkageError ex) {
			return OptionalLong.empty();
		}
		try {
			byte[] statfs = new byte[256];
			LibC.INSTANCE.fstatfs(pidfd, statfs);
			if (nativeOrder(statfs).getLong(STATFS_TYPE_OFFSET) != PIDFS_MAGIC) {
				return OptionalLong.empty();
			}
			byte[] stat = new byte[256];
			LibC.INSTANCE.fstat(pidfd, stat);
			return OptionalLong.of(nativeOrder(stat).getLong(STAT_INO_OFFSET));
		}
		catch (LastErrorException | LinkageError ex) {
			return OptionalLong.empty();
		}
		finally {
			LibC.INSTANCE.close(pidfd);
		}
	}

	private static ByteBuffer nativeOrder(byte[] buffer) {
		return ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
	}

}
