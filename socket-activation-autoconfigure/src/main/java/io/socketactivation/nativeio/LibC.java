package io.socketactivation.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/**
 * The C library functions this project calls. Each returns 0 (or a non-negative value) on
 * success and throws {@link LastErrorException} carrying {@code errno} on failure.
 *
 * @author socket-activation contributors
 */
interface LibC extends Library {

	/** The C library of this process. */
	LibC INSTANCE = Native.load("c", LibC.class);

	/**
	 * {@code getsockopt(2)} for an int option.
	 * @param fd the socket
	 * @param level the level ({@code SOL_SOCKET})
	 * @param option the option
	 * @param value receives the value
	 * @param length in: size of value; out: bytes written
	 * @return 0
	 * @throws LastErrorException with errno on failure
	 */
	int getsockopt(int fd, int level, int option, IntByReference value, IntByReference length)
			throws LastErrorException;

	/**
	 * {@code getsockname(2)}.
	 * @param fd the socket
	 * @param address receives the {@code struct sockaddr}
	 * @param length in: size of address; out: size of the address
	 * @return 0
	 * @throws LastErrorException with errno on failure
	 */
	int getsockname(int fd, byte[] address, IntByReference length) throws LastErrorException;

	/**
	 * {@code getpeername(2)}.
	 * @param fd the socket
	 * @param address receives the {@code struct sockaddr}
	 * @param length in: size of address; out: size of the address
	 * @return 0
	 * @throws LastErrorException with errno ({@code ENOTCONN} when not connected)
	 */
	int getpeername(int fd, byte[] address, IntByReference length) throws LastErrorException;

	/**
	 * {@code dup2(2)}: make {@code newFd} refer to what {@code oldFd} refers to,
	 * atomically closing what {@code newFd} referred to.
	 * @param oldFd the source
	 * @param newFd the target
	 * @return newFd
	 * @throws LastErrorException with errno on failure
	 */
	int dup2(int oldFd, int newFd) throws LastErrorException;

	/**
	 * {@code fcntl(2)}, variadic as in C (Apple arm64 passes variadic arguments apart).
	 * @param fd the file descriptor
	 * @param command the command
	 * @param arguments the argument, if the command takes one
	 * @return the command's result
	 * @throws LastErrorException with errno on failure
	 */
	int fcntl(int fd, int command, Object... arguments) throws LastErrorException;

	/**
	 * {@code ioctl(2)}, variadic as in C.
	 * @param fd the file descriptor
	 * @param request the request
	 * @param arguments the argument, if the request takes one
	 * @return the request's result
	 * @throws LastErrorException with errno on failure
	 */
	int ioctl(int fd, NativeLong request, Object... arguments) throws LastErrorException;

	/**
	 * {@code close(2)}.
	 * @param fd the file descriptor
	 * @return 0
	 * @throws LastErrorException with errno on failure
	 */
	int close(int fd) throws LastErrorException;

	/**
	 * {@code unsetenv(3)}.
	 * @param name the variable
	 * @return 0
	 * @throws LastErrorException with errno on failure
	 */
	int unsetenv(String name) throws LastErrorException;

	/**
	 * {@code syscall(2)}, variadic.
	 * @param number the system call number
	 * @param arguments its arguments
	 * @return its result
	 * @throws LastErrorException with errno on failure
	 */
	long syscall(long number, Object... arguments) throws LastErrorException;

	/**
	 * {@code fstat(2)} (a function in glibc 2.33+).
	 * @param fd the file descriptor
	 * @param stat receives the {@code struct stat}
	 * @return 0
	 * @throws LastErrorException with errno on failure
	 */
	int fstat(int fd, byte[] stat) throws LastErrorException;

	/**
	 * {@code fstatfs(2)}.
	 * @param fd the file descriptor
	 * @param statfs receives the {@code struct statfs}
	 * @return 0
	 * @throws LastErrorException with errno on failure
	 */
	int fstatfs(int fd, byte[] statfs) throws LastErrorException;

	/**
	 * {@code strerror(3)}.
	 * @param errno the error number
	 * @return the message
	 */
	String strerror(int errno);

	/**
	 * {@code open(2)} without a mode (no {@code O_CREAT}).
	 * @param path the path
	 * @param flags the flags
	 * @return the new fd
	 * @throws LastErrorException with errno on failure
	 */
	int open(String path, int flags) throws LastErrorException;

}
