package io.socketactivation.nativeio;

import java.nio.file.Path;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The test controls of the launchd stand-in ({@code src/test/c/launchd_stand_in.c}),
 * loaded from the same file as the binding's {@code Native.load("System")}, so both see
 * one copy of its state.
 *
 * @author socket-activation contributors
 */
interface StandInLibSystem extends Library {

	/**
	 * Load the controls of a built stand-in.
	 * @param library the built {@code libSystem.so}
	 * @return the controls
	 */
	static StandInLibSystem load(Path library) {
		return Native.load(library.toString(), StandInLibSystem.class);
	}

	/**
	 * Forget all state and answer from now on as the spec says.
	 * @param spec {@code NAME=SOCKET,...}, {@code NAME=!ERRNO} or {@code *=!ERRNO},
	 * separated by {@code ;}
	 */
	void stand_in_configure(String spec);

	/**
	 * Return how often a configured name was asked for.
	 * @param name the name
	 * @return the number of calls
	 */
	int stand_in_calls(String name);

	/**
	 * Return how often names that are not configured were asked for.
	 * @return the number of calls
	 */
	int stand_in_unlisted_calls();

	/**
	 * Return how many fd arrays were handed out.
	 * @return the number of arrays
	 */
	int stand_in_arrays();

	/**
	 * Return how many of the arrays handed out were passed to {@code free}.
	 * @return the number of arrays freed
	 */
	int stand_in_frees();

}
