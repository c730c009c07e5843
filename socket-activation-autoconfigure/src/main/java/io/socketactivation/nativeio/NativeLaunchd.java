package io.socketactivation.nativeio;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

import io.socketactivation.launchd.Launchd;
import io.socketactivation.launchd.LaunchdAnswer;
import io.socketactivation.launchd.LaunchdAnswer.Outcome;

/**
 * launchd through libSystem's {@code launch_activate_socket(3)}, loaded with JNA on first
 * use ({@code Native.load("System")}: {@code libSystem.dylib} on macOS; elsewhere it is
 * only looked for when {@code jna.library.path} is set, where this project's tests put a
 * stand-in {@code libSystem.so}).
 * <p>
 * Each name is asked once per process and the answer kept: launchd hands a name's sockets
 * over once and answers {@code EALREADY} afterwards. The fd array is copied, then freed
 * with {@code free(3)}. Error numbers are read with the running platform's values
 * ({@code EALREADY} is 37 on macOS, 114 on Linux), so the Linux stand-in returns its own
 * {@code <errno.h>} values, as libSystem returns macOS's.
 *
 * @author socket-activation contributors
 */
public final class NativeLaunchd implements Launchd {

	/** The instance for this process. */
	public static final NativeLaunchd INSTANCE = new NativeLaunchd();

	/** More fds than any plist can declare: a count above it is not to be trusted. */
	private static final long MAX_FDS = 4096;

	private final Map<String, LaunchdAnswer> answers = new HashMap<>();

	private @Nullable LibSystem library;

	private @Nullable String unavailable;

	NativeLaunchd() {
	}

	@Override
	public synchronized LaunchdAnswer activateSocket(String name) {
		LaunchdAnswer answer = this.answers.get(name);
		if (answer == null) {
			answer = ask(name);
			this.answers.put(name, answer);
		}
		return answer;
	}

	private LaunchdAnswer ask(String name) {
		LibSystem libSystem = libSystem();
		if (libSystem == null) {
			return LaunchdAnswer.unavailable(name, String.valueOf(this.unavailable));
		}
		PointerByReference fds = new PointerByReference();
		LongByReference count = new LongByReference();
		int result;
		try {
			result = libSystem.launch_activate_socket(name, fds, count);
		}
		catch (UnsatisfiedLinkError ex) {
			this.unavailable = "libSystem has no launch_activate_socket (it needs macOS 10.10 or later)";
			return LaunchdAnswer.unavailable(name, this.unavailable);
		}
		if (result != 0) {
			return error(name, result);
		}
		return handedOver(libSystem, name, fds.getValue(), count.getValue());
	}

	private static LaunchdAnswer handedOver(LibSystem libSystem, String name, @Nullable Pointer array, long count) {
		if (array == null) {
			return LaunchdAnswer.activated(name, List.of());
		}
		try {
			if (count < 0 || count > MAX_FDS) {
				return LaunchdAnswer.error(name, Outcome.FAILED, 0,
						"success with an implausible count of " + Long.toUnsignedString(count) + " fds");
			}
			return LaunchdAnswer.activated(name, Arrays.stream(array.getIntArray(0, (int) count)).boxed().toList());
		}
		finally {
			libSystem.free(array);
		}
	}

	private static LaunchdAnswer error(String name, int errno) {
		Platform platform = Platform.current();
		String detail = Errno.describe(platform, errno);
		if (errno == Errno.ESRCH) {
			return LaunchdAnswer.error(name, Outcome.NOT_MANAGED, errno, detail);
		}
		if (errno == Errno.ENOENT) {
			return LaunchdAnswer.error(name, Outcome.NOT_IN_PLIST, errno, detail);
		}
		if (errno == Errno.ealready(platform)) {
			return LaunchdAnswer.error(name, Outcome.ALREADY_ACTIVATED, errno, detail);
		}
		return LaunchdAnswer.error(name, Outcome.FAILED, errno, detail);
	}

	private @Nullable LibSystem libSystem() {
		if (this.library == null && this.unavailable == null) {
			try {
				if (Platform.current() != Platform.MACOS && System.getProperty("jna.library.path") == null) {
					// nothing to find: spare the failed search (~50 ms at start-up)
					throw new UnsatisfiedLinkError("no libSystem");
				}
				if (Native.SIZE_T_SIZE != Long.BYTES) {
					this.unavailable = "launch_activate_socket is bound for 64-bit processes only";
				}
				else {
					this.library = Native.load("System", LibSystem.class);
				}
			}
			catch (UnsupportedOperationException | LinkageError ex) {
				// on macOS: JNA's own native library could not be loaded (an
				// UnsatisfiedLinkError, then a NoClassDefFoundError for Native)
				this.unavailable = (Platform.current() != Platform.MACOS)
						? "no libSystem on " + System.getProperty("os.name") + " (launchd is macOS's)"
						: "JNA cannot load libSystem: " + ex;
			}
		}
		return this.library;
	}

}
