package io.socketactivation;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.socketactivation.systemd.SystemdActivation;
import io.socketactivation.systemd.SystemdListenFds;

/**
 * Collects the listening sockets handed to this process, once.
 * <p>
 * Every fd is verified before any is adopted, so that a bad fd fails start-up before
 * anything listens; then all are adopted up front (after {@code close(3)} the next fd the
 * JDK opens may be 3). Collection is one-shot, as in libsystemd: the variables are
 * removed and the fds belong to the channels returned.
 *
 * @author socket-activation contributors
 */
public final class SocketActivation {

	private static final SocketActivation PROCESS = new SocketActivation(ActivationEnvironment.system(),
			FileDescriptors.system());

	private final ActivationEnvironment environment;

	private final FileDescriptors fileDescriptors;

	private @Nullable ActivatedSockets collected;

	/**
	 * Create an instance reading the given environment. Use {@link #forProcess()} for the
	 * real process.
	 * @param environment the environment
	 * @param fileDescriptors how fds are inspected and adopted
	 */
	public SocketActivation(ActivationEnvironment environment, FileDescriptors fileDescriptors) {
		this.environment = environment;
		this.fileDescriptors = fileDescriptors;
	}

	/**
	 * Return the socket activation of this process.
	 * @return the process-wide instance
	 */
	public static SocketActivation forProcess() {
		return PROCESS;
	}

	/**
	 * Collect the sockets handed to this process. The first call reads the environment
	 * and adopts the sockets; a later call returns the same empty result when there were
	 * none, and fails when there were some, because they belong to whoever collected them
	 * first.
	 * @return the sockets, empty (with the reason as summary) when the process was not
	 * socket-activated
	 * @throws SocketActivationException if the environment or an fd is not what it must
	 * be, or the sockets were already collected
	 */
	public synchronized ActivatedSockets collect() {
		ActivatedSockets previous = this.collected;
		if (previous != null) {
			if (!previous.isEmpty()) {
				throw new SocketActivationException(
						"The sockets handed to this process (" + previous
								+ ") were already collected: a process adopts its sockets once.",
						"Collect once and share the result (the Spring Boot auto-configuration does); do not run "
								+ "two application contexts that both serve activated sockets in one process.");
			}
			return previous;
		}
		this.collected = ActivatedSockets.none("collection failed");
		SystemdActivation systemd = SystemdListenFds.read(this.environment);
		ActivatedSockets sockets = systemd.isActivated() ? adopt(systemd.fds(), systemd.reason())
				: ActivatedSockets.none(systemd.reason());
		this.collected = sockets;
		return sockets;
	}

	private ActivatedSockets adopt(List<InheritedFd> fds, String summary) {
		List<VerifiedFd> verified = new ArrayList<>(fds.size());
		for (InheritedFd fd : fds) {
			verified.add(verify(fd));
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
		return ActivatedSockets.of(sockets, summary);
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
