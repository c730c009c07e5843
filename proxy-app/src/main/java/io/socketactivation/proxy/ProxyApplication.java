package io.socketactivation.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.slf4j.LoggerFactory;

import io.socketactivation.SocketActivationException;
import io.socketactivation.proxy.child.ChildStartException;
import io.socketactivation.proxy.cli.CommandLine;
import io.socketactivation.proxy.cli.UsageException;
import io.socketactivation.proxy.config.ProxySettingException;
import io.socketactivation.proxy.config.ProxySettings;
import io.socketactivation.proxy.forward.DataPathPreload;
import io.socketactivation.proxy.logging.ProxyLogConfigurator;

/**
 * Entry point of proxy-app, keeping launch_socket_server's command line:
 * {@code proxy-app <program> [args...]} or {@code proxy-app -}. Usage errors and bad
 * settings are one line on stderr and a non-zero exit, before anything starts.
 *
 * @author socket-activation contributors
 */
public final class ProxyApplication {

	/** Exit status of a usage error (as launch_socket_server). */
	static final int USAGE_ERROR = 1;

	/** Exit status of bad settings or a bad activation environment. */
	static final int SETTINGS_ERROR = 2;

	static final String USAGE = CommandLine.USAGE;

	/**
	 * How long the start waits for the data path's preload, which takes well under 1 s.
	 */
	static final Duration PRELOAD_LIMIT = Duration.ofSeconds(10);

	/** The system property naming Apache Commons Logging's factory. */
	static final String COMMONS_LOGGING_FACTORY = "org.apache.commons.logging.LogFactory";

	private ProxyApplication() {
	}

	public static void main(String[] args) {
		applyNettyDefaults(System.getProperties());
		applyCommonsLoggingDefault(System.getProperties());
		System.exit(run(args, System.getenv(), System.out, System.err));
	}

	/**
	 * Set proxy-app's defaults of Netty's system properties that the JVM was not given:
	 * <ul>
	 * <li>{@code io.netty.jfr.enabled=false}: Netty 4.2 starts the JDK flight recorder on
	 * its first buffer, ~120 ms before the first forwarded byte (docs/proxy.md);</li>
	 * <li>{@code io.netty.leakDetection.level=disabled}: the detector's sampling costs 2
	 * to 4 % of {@code Connection: close} throughput (docs/performance.md), and every
	 * integration test runs the proxy at {@code paranoid} and fails on a lost
	 * buffer.</li>
	 * </ul>
	 * Set either on the command line to bring Netty's behaviour back, e.g.
	 * {@code -Dio.netty.leakDetection.level=simple} to look for a leak.
	 * @param system the system properties, before any Netty class is loaded
	 */
	static void applyNettyDefaults(Properties system) {
		system.putIfAbsent("io.netty.jfr.enabled", "false");
		// Netty still reads the level under its old name too
		if (system.getProperty("io.netty.leakDetectionLevel") == null) {
			system.putIfAbsent("io.netty.leakDetection.level", "disabled");
		}
	}

	/**
	 * Point Apache Commons Logging, which Spring logs through, straight at SLF4J (and so
	 * at proxy-app's logback) unless the JVM was given
	 * {@code -Dorg.apache.commons.logging.LogFactory}: left to discover, it first
	 * initializes the Log4j API it finds on the class path only to learn that it is
	 * bridged to SLF4J, some 70 ms before the first forwarded byte.
	 * @param system the system properties, before any Spring class is loaded
	 */
	static void applyCommonsLoggingDefault(Properties system) {
		system.putIfAbsent(COMMONS_LOGGING_FACTORY, "org.apache.commons.logging.impl.Slf4jLogFactory");
	}

	static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
		if (args.length < 1) {
			err.println(USAGE); // checkstyle:ignore systemOut
			return USAGE_ERROR;
		}
		CommandLine commandLine;
		try {
			commandLine = CommandLine.parse(args);
		}
		catch (UsageException ex) {
			err.println("proxy-app: " + ex.getMessage() + "; " + USAGE); // checkstyle:ignore
																			// systemOut
			return USAGE_ERROR;
		}
		if (commandLine.version() || commandLine.help()) {
			// asked for, not an error: on standard output
			out.println(commandLine.version() ? "proxy-app " + version() : USAGE); // checkstyle:ignore
																					// systemOut
			return 0;
		}
		// before anything logs: the level is read once
		if (commandLine.debug()) {
			System.setProperty(ProxyLogConfigurator.LEVEL_PROPERTY, "DEBUG");
		}
		// logging first, on this thread: SLF4J warns of loggers used from another thread
		// while it initializes
		LoggerFactory.getILoggerFactory();
		DataPathPreload preload = DataPathPreload.start(environment);
		try {
			return start(commandLine, environment, err, preload);
		}
		finally {
			// an early exit must not cut the load off while it unpacks a native library,
			// which would be left in the temporary directory
			preload.await(PRELOAD_LIMIT);
		}
	}

	private static int start(CommandLine commandLine, Map<String, String> environment, PrintStream err,
			DataPathPreload preload) {
		List<String> unknown = ProxySettings.unknownProperties(commandLine.properties());
		if (!unknown.isEmpty()) {
			err.println("proxy-app: unknown option '--" + unknown.get(0)
					+ "' (no such setting; see docs/configuration.md); " // checkstyle:ignore
					+ USAGE);
			return USAGE_ERROR;
		}
		try {
			ProxySettings settings = ProxySettings.load(commandLine.properties(), System.getProperties(), environment);
			// from here on only this thread initializes the data path's classes
			preload.await(PRELOAD_LIMIT);
			return new Proxy(commandLine, settings, environment).run();
		}
		catch (ProxySettingException | ChildStartException ex) {
			err.println("proxy-app: " + ex.getMessage()); // checkstyle:ignore systemOut
			return SETTINGS_ERROR;
		}
		catch (SocketActivationException ex) {
			err.println("proxy-app: " + ex.getDescription() + " " + ex.getAction()); // checkstyle:ignore
																						// systemOut
			return SETTINGS_ERROR;
		}
		catch (RuntimeException ex) {
			// what was started is stopped already (Proxy.run tears down before it throws)
			LoggerFactory.getLogger(ProxyApplication.class).debug("Start-up failed", ex);
			err.println("proxy-app: cannot start: " + describe(ex) + " (--debug shows where)"); // checkstyle:ignore
			return SETTINGS_ERROR;
		}
	}

	private static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder(failure.toString());
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			description.append(": ").append(cause);
		}
		return description.toString();
	}

	/**
	 * Return the version of proxy-app.
	 * @return the version, or {@code unknown}
	 */
	static String version() {
		try (InputStream in = ProxyApplication.class.getResourceAsStream("version.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
