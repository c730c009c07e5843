package io.socketactivation.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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

	private ProxyApplication() {
	}

	public static void main(String[] args) {
		applyNettyDefaults(System.getProperties());
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
		List<String> unknown = ProxySettings.unknownProperties(commandLine.properties());
		if (!unknown.isEmpty()) {
			err.println("proxy-app: unknown option '--" + unknown.get(0)
					+ "' (no such setting; see docs/configuration.md); " // checkstyle:ignore
					+ USAGE);
			return USAGE_ERROR;
		}
		try {
			ProxySettings settings = ProxySettings.load(commandLine.properties(), System.getProperties(), environment);
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
