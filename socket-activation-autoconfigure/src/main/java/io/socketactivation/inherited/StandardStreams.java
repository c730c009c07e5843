package io.socketactivation.inherited;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import io.socketactivation.FdStatus;
import io.socketactivation.FileDescriptors;

/**
 * Repairs standard output and error when they are a listening socket, as with
 * {@code StandardInput=socket} and the default {@code StandardOutput=inherit}: nothing
 * can be written to a listening socket, so every log line would be lost. Standard output
 * is pointed at standard error when that works, else both at {@code /dev/null}.
 *
 * @author socket-activation contributors
 */
public final class StandardStreams {

	private static final int STDOUT = 1;

	private static final int STDERR = 2;

	private StandardStreams() {
	}

	/**
	 * Repoint standard output and error if they are listening sockets.
	 * @param fileDescriptors how fds are inspected and redirected
	 * @return what was done, or {@code null} when nothing needed doing
	 * @throws IOException on failure
	 */
	public static @Nullable String repair(FileDescriptors fileDescriptors) throws IOException {
		if (!mayBeSocket(STDOUT) && !mayBeSocket(STDERR)) {
			return null;
		}
		boolean stdoutBroken = isListeningSocket(fileDescriptors, STDOUT);
		boolean stderrBroken = isListeningSocket(fileDescriptors, STDERR);
		if (stderrBroken) {
			fileDescriptors.redirectToNull(STDERR);
		}
		if (stdoutBroken) {
			if (stderrBroken) {
				fileDescriptors.redirectToNull(STDOUT);
			}
			else {
				fileDescriptors.redirect(STDERR, STDOUT);
			}
		}
		if (!stdoutBroken && !stderrBroken) {
			return null;
		}
		return "Standard " + (stdoutBroken ? "output" : "") + ((stdoutBroken && stderrBroken) ? " and " : "")
				+ (stderrBroken ? "error" : "") + " was a listening socket; now "
				+ (stderrBroken ? "/dev/null" : "standard error");
	}

	/** Cheap pre-check on Linux, so most processes need no native call at all. */
	private static boolean mayBeSocket(int fd) {
		Path link = Path.of("/proc/self/fd", Integer.toString(fd));
		try {
			return Files.readSymbolicLink(link).toString().startsWith("socket:");
		}
		catch (IOException | UnsupportedOperationException ex) {
			return !Files.isDirectory(Path.of("/proc/self/fd"));
		}
	}

	private static boolean isListeningSocket(FileDescriptors fileDescriptors, int fd) throws IOException {
		FdStatus status = fileDescriptors.inspect(fd);
		return status.kind() == FdStatus.Kind.SOCKET && status.listening();
	}

}
