package io.socketactivation;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

import io.socketactivation.nativeio.NativeFileDescriptors;

/**
 * Inspects inherited file descriptors and adopts listening sockets as JDK channels.
 * Injectable so that validation can be tested without native calls.
 *
 * @author socket-activation contributors
 */
public interface FileDescriptors {

	/**
	 * Inspect a file descriptor without changing it.
	 * @param fd the file descriptor
	 * @return what it is
	 * @throws IOException if it cannot be inspected
	 */
	FdStatus inspect(int fd) throws IOException;

	/**
	 * Adopt a listening socket as a standard JDK {@link ServerSocketChannel}. On success
	 * the channel owns the socket and {@code fd} itself is closed (a standard stream, fd
	 * 0 to 2, is pointed at {@code /dev/null} instead).
	 * @param fd the file descriptor of a verified listening socket
	 * @param family its family
	 * @return the channel, in blocking mode
	 * @throws IOException if the socket cannot be adopted
	 */
	ServerSocketChannel adopt(int fd, SocketFamily family) throws IOException;

	/**
	 * Point a file descriptor at {@code /dev/null}.
	 * @param fd the file descriptor
	 * @throws IOException on failure
	 */
	default void redirectToNull(int fd) throws IOException {
		throw new UnsupportedOperationException("Redirecting fds is not supported by " + getClass().getName());
	}

	/**
	 * Make one file descriptor refer to what another refers to.
	 * @param target the fd whose file is kept
	 * @param fd the fd to repoint
	 * @throws IOException on failure
	 */
	default void redirect(int target, int fd) throws IOException {
		throw new UnsupportedOperationException("Redirecting fds is not supported by " + getClass().getName());
	}

	/**
	 * Move a socket onto another fd number: {@code dup2(fd, target)}, close-on-exec set
	 * on {@code target}, then {@code fd} closed (a standard stream, fd 0 to 2, is pointed
	 * at {@code /dev/null} instead). For a library that makes its own socket and takes no
	 * fd (Netty's io_uring transport): {@code target} is the fd of that socket, which is
	 * closed by the {@code dup2}.
	 * @param fd the socket's fd, released on success
	 * @param target the fd number the socket is moved to
	 * @throws IOException on failure
	 */
	default void moveOnto(int fd, int target) throws IOException {
		throw new UnsupportedOperationException("Moving fds is not supported by " + getClass().getName());
	}

	/**
	 * Return a new file descriptor for what {@code fd} refers to
	 * ({@code F_DUPFD_CLOEXEC}, numbered 3 or higher), for a second channel on the same
	 * listening socket. The caller owns the new fd; {@code fd} stays open.
	 * @param fd the file descriptor
	 * @return the new fd, close-on-exec
	 * @throws IOException on failure
	 */
	default int duplicate(int fd) throws IOException {
		throw new UnsupportedOperationException("Duplicating fds is not supported by " + getClass().getName());
	}

	/**
	 * Put a socket in non-blocking mode ({@code O_NONBLOCK}). The mode belongs to the
	 * open file, so it holds for every fd of it: its duplicates and the service
	 * manager's.
	 * @param fd the file descriptor
	 * @throws IOException on failure
	 */
	default void setNonBlocking(int fd) throws IOException {
		throw new UnsupportedOperationException("Changing fd modes is not supported by " + getClass().getName());
	}

	/**
	 * Mark a file descriptor close-on-exec, as libsystemd marks every fd it hands over.
	 * @param fd the file descriptor
	 * @throws IOException on failure
	 */
	default void setCloseOnExec(int fd) throws IOException {
		throw new UnsupportedOperationException("Changing fd flags is not supported by " + getClass().getName());
	}

	/**
	 * Return how many bytes a connected socket holds that its peer has not taken yet:
	 * written and not sent, or (TCP) sent and not acknowledged, or (Unix) not read.
	 * @param fd the socket
	 * @return the number of bytes
	 * @throws IOException on failure (not a socket, say)
	 */
	default long queuedOutput(int fd) throws IOException {
		throw new UnsupportedOperationException("Reading output queues is not supported by " + getClass().getName());
	}

	/**
	 * Return the native implementation for this platform.
	 * @return the file descriptors of this process
	 */
	static FileDescriptors system() {
		return NativeFileDescriptors.INSTANCE;
	}

}
