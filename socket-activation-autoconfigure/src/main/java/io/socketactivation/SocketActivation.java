package io.socketactivation;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.socketactivation.launchd.Launchd;
import io.socketactivation.launchd.LaunchdActivation;
import io.socketactivation.launchd.LaunchdSockets;
import io.socketactivation.systemd.SystemdActivation;
import io.socketactivation.systemd.SystemdListenFds;

/**
 * Collects the listening sockets handed to this process, once.
 * <p>
 * Every fd is verified before any is adopted, so that a bad fd fails start-up before
 * anything listens; then all are adopted up front (after {@code close(3)} the next fd the
 * JDK opens may be 3). When {@link ActivationSettings#withSocketNames socket names} are
 * set, only the fds with those names are verified and adopted; the others are left alone,
 * open. Collection is one-shot, as in libsystemd: the variables are removed and the fds
 * belong to the channels returned.
 * <p>
 * Sources, in order; the first that hands over any socket is used:
 * <ol>
 * <li>systemd: {@code LISTEN_FDS} when {@code LISTEN_PID} is this process;</li>
 * <li>launchd: {@code launch_activate_socket} for each of
 * {@link ActivationSettings#launchdNames()};</li>
 * <li>otherwise none; the auto-configuration then tries a listening socket on standard
 * input (opt-in), {@code LAUNCH_PROGRAM_SOCKET_PATH}, and else lets the web server bind
 * its own address and port.</li>
 * </ol>
 *
 * @author socket-activation contributors
 */
public final class SocketActivation {

	private static final SocketActivation PROCESS = new SocketActivation(ActivationEnvironment.system(),
			FileDescriptors.system());

	private final ActivationEnvironment environment;

	private final FileDescriptors fileDescriptors;

	private final Launchd launchd;

	private @Nullable ActivatedSockets collected;

	/**
	 * Create an instance reading the given environment and asking this process's launchd.
	 * Use {@link #forProcess()} for the real process.
	 * @param environment the environment
	 * @param fileDescriptors how fds are inspected and adopted
	 */
	public SocketActivation(ActivationEnvironment environment, FileDescriptors fileDescriptors) {
		this(environment, fileDescriptors, Launchd.system());
	}

	/**
	 * Create an instance reading the given environment and asking the given launchd.
	 * @param environment the environment
	 * @param fileDescriptors how fds are inspected and adopted
	 * @param launchd how launchd is asked for sockets
	 */
	public SocketActivation(ActivationEnvironment environment, FileDescriptors fileDescriptors, Launchd launchd) {
		this.environment = environment;
		this.fileDescriptors = fileDescriptors;
		this.launchd = launchd;
	}

	/**
	 * Return the socket activation of this process.
	 * @return the process-wide instance
	 */
	public static SocketActivation forProcess() {
		return PROCESS;
	}

	/**
	 * Collect the sockets handed to this process, with the
	 * {@link ActivationSettings#defaults() default settings}.
	 * @return the sockets, empty (with the reason as summary) when the process was not
	 * socket-activated
	 * @throws SocketActivationException if the environment or an fd is not what it must
	 * be, or the sockets were already collected
	 * @see #collect(ActivationSettings)
	 */
	public ActivatedSockets collect() {
		return collect(ActivationSettings.defaults());
	}

	/**
	 * Collect the sockets handed to this process. The first call reads the environment,
	 * asks the service managers and adopts the sockets; a later call returns the same
	 * empty result when there were none, and fails when there were some, because they
	 * belong to whoever collected them first.
	 * @param settings how to look for sockets (used by the first call only)
	 * @return the sockets, empty (with the reason as summary) when the process was not
	 * socket-activated
	 * @throws SocketActivationException if the environment or an fd is not what it must
	 * be, or the sockets were already collected
	 */
	public synchronized ActivatedSockets collect(ActivationSettings settings) {
		ActivatedSockets previous = this.collected;
		if (previous != null) {
			if (!previous.isEmpty()) {
				throw new SocketActivationException(
						"The sockets handed to this process (" + previous
								+ ") were already collected: a process adopts its sockets once.",
						"Collect once and share the result (the Spring Boot auto-configuration does); do not run "
								+ "two application contexts that both serve activated sockets in one process (Spring "
								+ "Boot DevTools' restart starts a second one: set spring.devtools.restart.enabled=false "
								+ "when the process is socket-activated).");
			}
			return previous;
		}
		this.collected = ActivatedSockets.none("collection failed");
		ActivatedSockets sockets = collectFirstSource(settings);
		this.collected = sockets;
		return sockets;
	}

	private ActivatedSockets collectFirstSource(ActivationSettings settings) {
		// 1. systemd LISTEN_* (LISTEN_PID is this process)
		SystemdActivation systemd = SystemdListenFds.read(this.environment);
		if (systemd.isActivated()) {
			return adopt(systemd.fds(), systemd.reason(), settings);
		}
		// 2. launchd: launch_activate_socket for each configured name
		LaunchdActivation launchd = LaunchdSockets.read(this.launchd, settings.launchdNames());
		if (launchd.isActivated()) {
			return adopt(launchd.fds(), launchd.reason(), settings);
		}
		// then, outside collection, the auto-configuration tries: 3. fd 0 (opt-in
		// socket-activation.stdin), 4. LAUNCH_PROGRAM_SOCKET_PATH, 5. server.port
		String reason = systemd.reason() + (launchd.available() ? "; " + launchd.reason() : "");
		return ActivatedSockets.none(reason);
	}

	private ActivatedSockets adopt(List<InheritedFd> fds, String summary, ActivationSettings settings) {
		List<VerifiedFd> verified = new ArrayList<>(fds.size());
		List<InheritedFd> leftAlone = new ArrayList<>();
		for (InheritedFd fd : fds) {
			if (settings.selects(fd.name())) {
				verified.add(verify(fd));
			}
			else {
				closeOnExec(fd);
				leftAlone.add(fd);
			}
		}
		List<ActivatedSocket> sockets = new ArrayList<>(fds.size());
		try {
			for (VerifiedFd fd : verified) {
				sockets.add(adopt(fd));
			}
		}
		catch (RuntimeException ex) {
			sockets.forEach(SocketActivation::closeQuietly);
			throw ex;
		}
		return ActivatedSockets.of(sockets, summary, leftAlone);
	}

	/**
	 * Mark an fd that is left alone close-on-exec, as libsystemd marks every fd it hands
	 * over, so that a program this process runs does not inherit it; best effort.
	 */
	private void closeOnExec(InheritedFd fd) {
		try {
			this.fileDescriptors.setCloseOnExec(fd.fd());
		}
		catch (IOException | UnsupportedOperationException | LinkageError ex) {
			// best effort: a closed fd has nothing to inherit, and without native code
			// nothing can be done
		}
	}

	private VerifiedFd verify(InheritedFd fd) {
		FdStatus status;
		try {
			status = this.fileDescriptors.inspect(fd.fd());
		}
		catch (IOException ex) {
			throw new SocketActivationException(fd.describe() + " cannot be inspected: " + ex.getMessage(),
					"Check that the process may use its inherited file descriptors.", ex);
		}
		SocketFamily family = ListeningSocketCheck.check(fd.describe(), status);
		return new VerifiedFd(fd, family, Objects.requireNonNull(status.address()));
	}

	private ActivatedSocket adopt(VerifiedFd verified) {
		InheritedFd fd = verified.fd();
		try {
			ServerSocketChannel channel = this.fileDescriptors.adopt(fd.fd(), verified.family());
			return new ActivatedSocket(fd.source(), fd.name(), fd.fd(), verified.family(), verified.address(), channel);
		}
		catch (UnsupportedOperationException ex) {
			// the JDK cannot open a channel of that family: IPv6 under
			// -Djava.net.preferIPv4Stack=true
			throw new SocketActivationException(
					fd.describe() + " is an " + verified.family() + " socket, which this JVM cannot open: "
							+ ex.getMessage() + ".",
					"Remove -Djava.net.preferIPv4Stack=true, or have the service manager make an IPv4 socket "
							+ "(systemd: ListenStream=0.0.0.0:PORT).",
					ex);
		}
		catch (IOException ex) {
			throw new SocketActivationException(
					fd.describe() + " cannot be adopted as a JDK channel: " + ex.getMessage(),
					"Report this with the JDK version and platform; as a workaround run the "
							+ "application behind proxy-app.",
					ex);
		}
	}

	private static void closeQuietly(ActivatedSocket socket) {
		try {
			socket.channel().close();
		}
		catch (IOException ex) {
			// best effort while failing start-up
		}
	}

	private record VerifiedFd(InheritedFd fd, SocketFamily family, SocketAddress address) {
	}

}
