package io.socketactivation.autoconfigure;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;

/**
 * Explains a {@link PortInUseException} in a process that was meant to be
 * socket-activated: the service manager holds the port, and the server tried to bind it
 * because the sockets were not served. The classic cause is a wrapper script that forks
 * the JVM instead of exec-ing it, so that {@code LISTEN_PID} names the script. Without
 * {@code LISTEN_PID} in the environment, Spring Boot's own analysis applies.
 *
 * @author socket-activation contributors
 */
class ActivationPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> implements Ordered {

	private final UnaryOperator<@Nullable String> environment;

	private final long pid;

	ActivationPortInUseFailureAnalyzer() {
		this(System::getenv, ProcessHandle.current().pid());
	}

	ActivationPortInUseFailureAnalyzer(UnaryOperator<@Nullable String> environment, long pid) {
		this.environment = environment;
		this.pid = pid;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
		String listenPid = this.environment.apply("LISTEN_PID");
		if (listenPid == null) {
			return null;
		}
		String port = "Port " + cause.getPort() + " is already in use";
		if (!listenPid.equals(String.valueOf(this.pid))) {
			return new FailureAnalysis(port + ": the service manager listens on it and meant to hand it to this "
					+ "process, but LISTEN_PID=" + listenPid + " names another process (this one is " + this.pid
					+ "), so this process was not socket-activated and its web server tried to bind the port itself.",
					"A wrapper script or launcher forked the JVM instead of exec-ing it: end the script with "
							+ "'exec java ...' so that the JVM keeps the pid systemd set LISTEN_PID to (with "
							+ "Type=notify, NotifyAccess=main needs that too).",
					cause);
		}
		String listenFds = this.environment.apply("LISTEN_FDS");
		if (listenFds == null) {
			return null;
		}
		return new FailureAnalysis(
				port + " although the service manager handed this process sockets (LISTEN_FDS=" + listenFds
						+ "): they were not served, so the web server tried to bind the port itself.",
				"Serve the handed-over sockets: remove socket-activation.enabled=false and use a web server this "
						+ "starter adapts; or, if the application is to bind the port itself, stop and disable the "
						+ ".socket unit.",
				cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
