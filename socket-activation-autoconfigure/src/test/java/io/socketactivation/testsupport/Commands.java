package io.socketactivation.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the commands integration tests run: a child JVM on this test classpath, under
 * {@code systemd-socket-activate} or under the fd launcher.
 *
 * @author socket-activation contributors
 */
public final class Commands {

	private static @Nullable Path fdLauncherCopy;

	private Commands() {
	}

	/**
	 * Return a command that runs a main class in a new JVM of the running JDK, on this
	 * test classpath (optionally without some entries).
	 * @param classpathExclusions substrings of classpath entries to leave out
	 * @param mainClass the main class
	 * @param args program arguments
	 * @return the command
	 */
	public static List<String> java(List<String> classpathExclusions, String mainClass, String... args) {
		String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> classpathExclusions.stream().noneMatch(entry::contains))
			.reduce((a, b) -> a + File.pathSeparator + b)
			.orElseThrow();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx256m"));
		if (Runtime.version().feature() >= 22) {
			command.add("--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(List.of("-cp", classpath, mainClass));
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * Return a command that runs a main class in a new JVM on this test classpath.
	 * @param mainClass the main class
	 * @param args program arguments
	 * @return the command
	 */
	public static List<String> java(String mainClass, String... args) {
		return java(List.of(), mainClass, args);
	}

	/**
	 * Prefix a command with {@code systemd-socket-activate -l ...}.
	 * @param listen the addresses to listen on ({@code 127.0.0.1:P}, {@code [::1]:P},
	 * {@code /path}); an entry starting with {@code --} is passed as an option (e.g.
	 * {@code --fdname=web:management})
	 * @param command the command it runs on the first connection
	 * @return the command
	 */
	public static List<String> socketActivate(List<String> listen, List<String> command) {
		List<String> full = new ArrayList<>();
		full.add(systemdSocketActivate());
		listen.forEach((address) -> full.addAll(address.startsWith("--") ? List.of(address) : List.of("-l", address)));
		full.addAll(command);
		return full;
	}

	/**
	 * Prefix a command with the fd launcher.
	 * @param options launcher options ({@code --fd SPEC}, {@code --env NAME=VALUE}, ...)
	 * @param command the command it execs
	 * @return the command
	 */
	public static List<String> fdLauncher(List<String> options, List<String> command) {
		List<String> full = new ArrayList<>();
		full.add("python3");
		full.add(fdLauncherScript().toString());
		full.addAll(options);
		full.add("--");
		full.addAll(command);
		return full;
	}

	/**
	 * Return a TCP port free on loopback right now, below the ephemeral ports so that no
	 * outgoing connection takes it before it is bound (see {@link FreePorts}).
	 * @return the port
	 */
	public static int freePort() {
		return FreePorts.take();
	}

	/**
	 * Skip the test when {@code systemd-socket-activate} is missing, saying what to
	 * install.
	 */
	public static void assumeSystemdSocketActivate() {
		Assumptions.assumeTrue(
				Files.isExecutable(Path.of(systemdSocketActivate())) || onPath("systemd-socket-activate"),
				"systemd-socket-activate is not installed (apt-get install systemd)");
	}

	private static String systemdSocketActivate() {
		return System.getProperty("it.systemd-socket-activate", "systemd-socket-activate");
	}

	private static boolean onPath(String program) {
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, program)));
	}

	/**
	 * The launcher script: the resource itself when it is a file, else (read from the
	 * test jar, by another module's tests) a copy in a temporary file, made once.
	 */
	private static synchronized Path fdLauncherScript() {
		if (fdLauncherCopy != null) {
			return fdLauncherCopy;
		}
		URL resource = Commands.class.getResource("fdlauncher.py");
		try {
			if ("file".equals(resource.getProtocol())) {
				return Path.of(resource.toURI());
			}
			Path copy = Files.createTempFile("fdlauncher", ".py");
			copy.toFile().deleteOnExit();
			try (InputStream script = resource.openStream()) {
				Files.copy(script, copy, StandardCopyOption.REPLACE_EXISTING);
			}
			fdLauncherCopy = copy;
			return copy;
		}
		catch (IOException | URISyntaxException ex) {
			throw new IllegalStateException("Cannot read " + resource, ex);
		}
	}

}
