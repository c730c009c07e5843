package io.socketactivation.proxy.child;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The program proxy-app runs as its child: the command (optionally through the user's
 * login shell, as launch_socket_server's login_wrapper does) and its environment, which
 * is the proxy's minus the socket activation variables, plus the backend socket path when
 * the proxy generated it.
 *
 * @param command the command to execute
 * @param environment the complete environment of the child
 * @author socket-activation contributors
 */
public record ChildProgram(List<String> command, Map<String, String> environment) {

	/**
	 * Describe the program to run.
	 * @param program the program and its arguments
	 * @param loginShell the shell to run it through as a login shell ({@code -l}; see
	 * {@link LoginShell}), or {@code null} to run it directly
	 * @param parentEnvironment the proxy's environment
	 * @param removed variables the child must not inherit ({@code LISTEN_*})
	 * @param added variables to set, for example {@code LAUNCH_PROGRAM_SOCKET_PATH}
	 * @return the child program
	 */
	public static ChildProgram of(List<String> program, @Nullable String loginShell,
			Map<String, String> parentEnvironment, Collection<String> removed, Map<String, String> added) {
		Map<String, String> environment = new HashMap<>(parentEnvironment);
		removed.forEach(environment::remove);
		environment.putAll(added);
		List<String> command = (loginShell != null) ? throughLoginShell(program, loginShell) : List.copyOf(program);
		return new ChildProgram(command, Map.copyOf(environment));
	}

	private static List<String> throughLoginShell(List<String> program, String shell) {
		List<String> command = new ArrayList<>();
		command.add(shell);
		command.add("-l");
		command.add("-c");
		command.add("exec \"$0\" \"$@\"");
		command.addAll(program);
		return List.copyOf(command);
	}

}
