package io.socketactivation.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The environment variables of the activation and notification protocols that this
 * process was started with. Read from the JVM's copy of the environment, which still
 * holds the {@code LISTEN_*} variables after collection removed them from the C
 * environment (so that child processes do not inherit them).
 *
 * @author socket-activation contributors
 */
public final class ActivationVariables {

	/** The variables shown, in this order; those that are unset are left out. */
	public static final List<String> NAMES = List.of("LISTEN_PID", "LISTEN_PIDFDID", "LISTEN_FDS", "LISTEN_FDNAMES",
			"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LAUNCH_DAEMON_SOCKET_NAME", "LAUNCH_PROGRAM_SOCKET_PATH",
			"LAUNCH_PROGRAM_TCP_ADDRESS");

	private ActivationVariables() {
	}

	/**
	 * Return the variables set in this process's environment.
	 * @return the variables, by name
	 */
	public static Map<String, String> ofProcess() {
		return of(System::getenv);
	}

	/**
	 * Return the variables set in the given environment.
	 * @param environment reads a variable, {@code null} when unset
	 * @return the variables, by name
	 */
	public static Map<String, String> of(UnaryOperator<@Nullable String> environment) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (String name : NAMES) {
			String value = environment.apply(name);
			if (value != null) {
				variables.put(name, value);
			}
		}
		return variables;
	}

}
