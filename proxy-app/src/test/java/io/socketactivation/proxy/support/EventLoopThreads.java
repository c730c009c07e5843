package io.socketactivation.proxy.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data path's event loop threads of a proxy process ({@code proxy-N-M}), as Linux's
 * {@code /proc} shows them.
 *
 * @author socket-activation contributors
 */
public final class EventLoopThreads {

	private static final long MILLIS_PER_TICK = 10; // USER_HZ is 100 on Linux

	private final long pid;

	private EventLoopThreads(long pid) {
		this.pid = pid;
	}

	/**
	 * Look at the event loop threads of a process.
	 * @param pid the process
	 * @return its event loop threads
	 */
	public static EventLoopThreads of(long pid) {
		return new EventLoopThreads(pid);
	}

	/**
	 * Return the CPU time (user and system) the event loop threads have used so far.
	 * @return the time in milliseconds
	 * @throws IOException if {@code /proc} cannot be read or there is no such thread
	 */
	public long cpuMillis() throws IOException {
		long ticks = 0;
		int threads = 0;
		try (DirectoryStream<Path> tasks = Files
			.newDirectoryStream(Path.of("/proc", Long.toString(this.pid), "task"))) {
			for (Path task : tasks) {
				if (Files.readString(task.resolve("comm")).trim().matches("proxy-\\d+-\\d+")) {
					String stat = Files.readString(task.resolve("stat"));
					// the fields after the command, which is in parentheses: state is the
					// 3rd field, utime the 14th and stime the 15th
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
					threads++;
				}
			}
		}
		if (threads == 0) {
			throw new IOException("No event loop thread (proxy-N-M) in process " + this.pid);
		}
		return ticks * MILLIS_PER_TICK;
	}

}
