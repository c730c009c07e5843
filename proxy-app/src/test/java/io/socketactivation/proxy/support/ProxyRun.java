package io.socketactivation.proxy.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.Commands;

/**
 * Starts the packaged proxy-app jar under {@code systemd-socket-activate} on a loopback
 * port.
 *
 * @author socket-activation contributors
 */
public final class ProxyRun {

	/** Generous: JVM start-ups on a loaded 2-core machine take seconds. */
	public static final Duration TIMEOUT = Duration.ofSeconds(60);

	private ProxyRun() {
	}

	/**
	 * Return the command that runs proxy-app with the given arguments.
	 * @param args proxy-app's arguments
	 * @return the command
	 */
	public static List<String> proxy(List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// every buffer tracked, so that BufferLeaks finds one lost
		command.addAll(List.of("-Dio.netty.jfr.enabled=false", "-Dio.netty.leakDetection.level=paranoid",
				"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", jar()));
		command.addAll(args);
		return command;
	}

	/**
	 * Return the command of a {@link TestBackend} child program.
	 * @param options its options
	 * @return the command
	 */
	public static List<String> backendProgram(String... options) {
		return Commands.java(TestBackend.class.getName(), options);
	}

	/**
	 * Start {@code systemd-socket-activate -l 127.0.0.1:PORT proxy-app ...} and wait
	 * until it listens. proxy-app starts on the first connection.
	 * @param port the port
	 * @param environment variables proxy-app gets
	 * @param args proxy-app's arguments
	 * @return the process (systemd-socket-activate, which becomes proxy-app: same pid)
	 * @throws Exception on failure
	 */
	public static ChildProcess activate(int port, Map<String, String> environment, List<String> args) throws Exception {
		return activate(List.of("127.0.0.1:" + port), environment, args);
	}

	/**
	 * Start {@code systemd-socket-activate -l ADDRESS... proxy-app ...} and wait until it
	 * listens on every address. proxy-app starts on the first connection.
	 * @param listen the addresses, and options such as {@code --fdname=web:management}
	 * (see {@link Commands#socketActivate(List, List)})
	 * @param environment variables proxy-app gets
	 * @param args proxy-app's arguments
	 * @return the process (systemd-socket-activate, which becomes proxy-app: same pid)
	 * @throws Exception on failure
	 */
	public static ChildProcess activate(List<String> listen, Map<String, String> environment, List<String> args)
			throws Exception {
		// systemd-socket-activate passes only the variables given with -E to what it
		// starts
		List<String> command = new ArrayList<>();
		environment.forEach((name, value) -> command.addAll(List.of("-E", name + "=" + value)));
		command.addAll(proxy(args));
		ChildProcess process = ChildProcess.start(Commands.socketActivate(listen, command), Map.of());
		try {
			for (String address : listen) {
				if (!address.startsWith("--")) {
					process.awaitOutput("Listening on " + address, TIMEOUT);
				}
			}
			return process;
		}
		catch (Throwable ex) {
			// the caller registers it for the teardown only once it listens
			process.close();
			throw ex;
		}
	}

	private static String jar() {
		String jar = System.getProperty("proxy-app.jar");
		// surefire runs an *IntegrationTests class only when -Dtest names it; failsafe
		// runs it with the jar
		Assumptions.assumeTrue(jar != null, "integration test: failsafe runs it against the packaged proxy-app.jar");
		return jar;
	}

}
