package io.socketactivation.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The stand-in for macOS libSystem's {@code launch_activate_socket} ({@code src/test/c}),
 * compiled with gcc into {@code libSystem.so} once per test JVM, in the directory the
 * test JVM's {@code jna.library.path} names, so the real binding
 * ({@code Native.load("System")}) loads it. Without gcc (or the compiler the
 * {@code launchd.stand-in.cc} system property names), tests that need it are skipped with
 * the reason.
 *
 * @author socket-activation contributors
 */
public final class LaunchdStandIn {

	/** What a child process reads when nothing configured the stand-in in-process. */
	public static final String SPEC_VARIABLE = "STAND_IN_LAUNCHD";

	private static final Duration COMPILE_TIMEOUT = Duration.ofSeconds(60);

	private static boolean built;

	private LaunchdStandIn() {
	}

	/**
	 * Build the stand-in unless this JVM already did, and make sure this JVM's
	 * {@code jna.library.path} finds it. Skips the calling test when gcc is absent.
	 * @return the library
	 */
	public static synchronized Path build() {
		Path library = directory().resolve("libSystem.so");
		if (!built) {
			String compiler = System.getProperty("launchd.stand-in.cc", "gcc");
			Assumptions.assumeTrue(onPath(compiler), compiler
					+ " is not installed: the launchd stand-in libSystem.so cannot be built (apt-get install gcc)");
			compile(compiler, source(), library);
			built = true;
		}
		if (System.getProperty("jna.library.path") == null) {
			System.setProperty("jna.library.path", directory().toString());
		}
		return library;
	}

	/**
	 * Return the directory holding {@code libSystem.so}: the {@code jna.library.path} a
	 * child JVM needs.
	 * @return the directory
	 */
	public static Path directory() {
		return Path.of(System.getProperty("launchd.stand-in.directory", "target/launchd-stand-in")).toAbsolutePath();
	}

	/**
	 * Return the JVM option that lets a child JVM's binding load the stand-in.
	 * @return the option
	 */
	public static String jvmOption() {
		return "-Djna.library.path=" + directory();
	}

	private static Path source() {
		Path source = Path.of(System.getProperty("launchd.stand-in.source", "src/test/c/launchd_stand_in.c"));
		if (!Files.isRegularFile(source)) {
			throw new IllegalStateException("The launchd stand-in source " + source.toAbsolutePath()
					+ " is missing: set launchd.stand-in.source");
		}
		return source;
	}

	private static void compile(String compiler, Path source, Path library) {
		try {
			Files.createDirectories(library.getParent());
			// built beside, then moved: a child JVM may still have the previous one
			// mapped
			Path building = Files.createTempFile(library.getParent(), "libSystem-", ".so");
			Path log = Files.createTempFile(library.getParent(), "gcc-", ".log");
			List<String> command = List.of(compiler, "-shared", "-fPIC", "-O1", "-Wall", "-Wextra", "-Werror", "-o",
					building.toString(), source.toString(), "-ldl");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(COMPILE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(compiler + " did not finish within " + COMPILE_TIMEOUT);
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Files.delete(log);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
			Files.move(building, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Building the launchd stand-in failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while building the launchd stand-in", ex);
		}
	}

	private static boolean onPath(String program) {
		if (program.contains(File.separator)) {
			return Files.isExecutable(Path.of(program));
		}
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, program)));
	}

}
