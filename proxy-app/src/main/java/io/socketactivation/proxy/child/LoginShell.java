package io.socketactivation.proxy.child;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The user's login shell, found as launch_socket_server's login_wrapper finds it: in the
 * account database (Directory Services on macOS, {@code getent passwd} elsewhere), since
 * a service manager's minimal environment may have no {@code SHELL}; else {@code $SHELL};
 * else {@code /bin/sh}.
 *
 * @author socket-activation contributors
 */
public final class LoginShell {

	private static final long LOOKUP_TIMEOUT_SECONDS = 5;

	private LoginShell() {
	}

	/**
	 * Find the login shell of the user running this process.
	 * @param environment the process environment
	 * @return the shell's path
	 */
	public static String find(Map<String, String> environment) {
		String user = System.getProperty("user.name");
		boolean macOs = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
		String found = macOs ? fromDirectoryServices(run(List.of("dscl", ".", "-read", "/Users/" + user, "UserShell")))
				: fromPasswdEntry(run(List.of("getent", "passwd", user)));
		return orEnvironment(found, environment);
	}

	/**
	 * Return the account's shell if found, else {@code $SHELL}, else {@code /bin/sh}.
	 * @param accountShell the shell the account database gave, if any
	 * @param environment the process environment
	 * @return the shell's path
	 */
	static String orEnvironment(@Nullable String accountShell, Map<String, String> environment) {
		if (accountShell != null) {
			return accountShell;
		}
		String shell = environment.get("SHELL");
		return (shell != null && !shell.isEmpty()) ? shell : "/bin/sh";
	}

	/**
	 * Read the shell from {@code dscl . -read /Users/NAME UserShell}'s output.
	 * @param output the output, if the command succeeded
	 * @return the shell, or {@code null}
	 */
	static @Nullable String fromDirectoryServices(@Nullable String output) {
		if (output == null || !output.startsWith("UserShell:")) {
			return null;
		}
		return absolute(output.substring("UserShell:".length()).trim());
	}

	/**
	 * Read the shell, the seventh field, from a {@code passwd} entry.
	 * @param entry the entry, if the lookup succeeded
	 * @return the shell, or {@code null}
	 */
	static @Nullable String fromPasswdEntry(@Nullable String entry) {
		if (entry == null) {
			return null;
		}
		String[] fields = entry.trim().split(":", -1);
		return (fields.length == 7) ? absolute(fields[6]) : null;
	}

	private static @Nullable String absolute(String shell) {
		return shell.startsWith("/") ? shell : null;
	}

	private static @Nullable String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
			process.getOutputStream().close();
			try (InputStream output = process.getInputStream()) {
				if (!process.waitFor(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					process.destroyForcibly();
					return null;
				}
				return (process.exitValue() == 0) ? new String(output.readAllBytes(), StandardCharsets.UTF_8) : null;
			}
		}
		catch (IOException ex) {
			return null; // no such command here
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

}
