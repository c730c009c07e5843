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
	 * the channel owns the socket and {@code fd} itself is closed.
	 * @param fd the file descriptor of a verified listening socket
	 * @param family its family
	 * @return the channel, in blocking mode
	 * @throws IOException if the socket cannot be adopted
	 */
	ServerSocketChannel adopt(int fd, SocketFamily family) throws IOException;

	/**
	 * Return the native implementation for this platform.
	 * @return the file descriptors of this process
	 */
	static FileDescriptors system() {
		return NativeFileDescriptors.INSTANCE;
	}

}
