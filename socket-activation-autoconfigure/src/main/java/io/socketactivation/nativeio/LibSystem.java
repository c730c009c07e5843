package io.socketactivation.nativeio;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The libSystem functions of launchd socket activation (macOS 10.10+).
 *
 * @author socket-activation contributors
 */
interface LibSystem extends Library {

	/**
	 * {@code int launch_activate_socket(const char *name, int **fds, size_t *cnt)}.
	 * @param name the key in the job's {@code Sockets} dictionary
	 * @param fds receives a {@code malloc}'ed array of file descriptors, which the caller
	 * frees
	 * @param count receives the number of file descriptors ({@code size_t}: 8 bytes on
	 * 64-bit macOS)
	 * @return 0, or an error number ({@code ENOENT}, {@code ESRCH}, {@code EALREADY},
	 * ...); {@code errno} is not used
	 */
	int launch_activate_socket(String name, PointerByReference fds, LongByReference count);

	/**
	 * {@code free(3)} from the same library, to free the array
	 * {@code launch_activate_socket} allocated. On macOS this is the C library's
	 * {@code free}, the one {@code Native.free} calls.
	 * @param pointer the array
	 */
	void free(Pointer pointer);

}
