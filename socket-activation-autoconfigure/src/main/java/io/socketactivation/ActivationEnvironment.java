package io.socketactivation;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * The process environment that socket activation reads, injectable so every branch can be
 * exercised without starting processes.
 *
 * @author socket-activation contributors
 */
public interface ActivationEnvironment {

	/**
	 * Return the value of an environment variable.
	 * @param name the variable name
	 * @return the value, or {@code null} when unset
	 */
	@Nullable String get(String name);

	/**
	 * Return this process's id.
	 * @return the pid
	 */
	long pid();

	/**
	 * Return the inode id of this process's pidfd (Linux 6.9+ pidfs), used to check
	 * {@code LISTEN_PIDFDID}.
	 * @return the id, or empty when it cannot be read
	 */
	OptionalLong pidfdId();

	/**
	 * Remove variables from the environment so that child processes do not inherit them.
	 * @param names the variable names
	 */
	void unset(String... names);

	/**
	 * Return the environment of this process.
	 * @return the process environment
	 */
	static ActivationEnvironment system() {
		return SystemActivationEnvironment.INSTANCE;
	}

	/**
	 * Return an environment backed by a map, for tests and embedding.
	 * @param variables the variables (copied)
	 * @param pid the process id to report
	 * @param pidfdId the pidfd inode id to report, or empty
	 * @return the environment
	 */
	static ActivationEnvironment of(Map<String, String> variables, long pid, OptionalLong pidfdId) {
		Map<String, String> copy = new HashMap<>(variables);
		return new ActivationEnvironment() {

			@Override
			public @Nullable String get(String name) {
				return copy.get(name);
			}

			@Override
			public long pid() {
				return pid;
			}

			@Override
			public OptionalLong pidfdId() {
				return pidfdId;
			}

			@Override
			public void unset(String... names) {
				for (String name : names) {
					copy.remove(name);
				}
			}

		};
	}

}
