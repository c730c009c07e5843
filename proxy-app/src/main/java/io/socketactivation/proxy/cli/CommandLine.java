package io.socketactivation.proxy.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * proxy-app's command line, launch_socket_server's with a few options in front:
 * {@code proxy-app [options] <program> [args...]} or {@code proxy-app [options] -}.
 *
 * @param program the program and its arguments; empty for {@code -}
 * @param version whether {@code --version} was given
 * @param help whether {@code --help} was given
 * @param debug whether {@code --debug} was given
 * @param loginShell whether {@code --login-shell} was given
 * @param properties {@code proxy.*} properties given as {@code --name=value}
 * @author socket-activation contributors
 */
public record CommandLine(List<String> program, boolean version, boolean help, boolean debug, boolean loginShell,
		Map<String, String> properties) {

	/** The one-line usage message. */
	public static final String USAGE = "usage: proxy-app [--debug] [--login-shell] [--proxy.<name>=<value>...] "
			+ "<program> [args...] | proxy-app [options] - | proxy-app --version";

	/**
	 * Whether a program is to be run as the child.
	 * @return {@code false} for {@code -}
	 */
	public boolean hasProgram() {
		return !this.program.isEmpty();
	}

	/**
	 * Parse the arguments. Options come before the program; everything from the program
	 * on belongs to it.
	 * @param args the arguments
	 * @return the command line
	 * @throws UsageException if the arguments are not a valid command line
	 */
	public static CommandLine parse(String... args) {
		boolean version = false;
		boolean help = false;
		boolean debug = false;
		boolean loginShell = false;
		Map<String, String> properties = new LinkedHashMap<>();
		int i = 0;
		while (i < args.length && args[i].startsWith("--")) {
			String option = args[i++];
			switch (option) {
				case "--" -> {
					return finish(args, i, version, help, debug, loginShell, properties);
				}
				case "--version" -> version = true;
				case "--help" -> help = true;
				case "--debug" -> debug = true;
				case "--login-shell" -> loginShell = true;
				default -> addProperty(option, properties);
			}
		}
		return finish(args, i, version, help, debug, loginShell, properties);
	}

	private static void addProperty(String option, Map<String, String> properties) {
		int equals = option.indexOf('=');
		if (!option.startsWith("--proxy.") || equals < 0) {
			throw new UsageException("unknown option '" + option + "'");
		}
		properties.put(option.substring(2, equals), option.substring(equals + 1));
	}

	private static CommandLine finish(String[] args, int first, boolean version, boolean help, boolean debug,
			boolean loginShell, Map<String, String> properties) {
		List<String> program = new ArrayList<>(List.of(args).subList(first, args.length));
		if (version || help) {
			return new CommandLine(List.of(), version, help, debug, loginShell, properties);
		}
		if (program.isEmpty()) {
			throw new UsageException("no program given (use '-' to run none)");
		}
		if (program.get(0).equals("-")) {
			if (program.size() > 1) {
				throw new UsageException("'-' runs no program, so it takes no arguments");
			}
			program.clear();
		}
		return new CommandLine(List.copyOf(program), false, false, debug, loginShell, Map.copyOf(properties));
	}

}
