package io.socketactivation;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Checks that a handed-over file descriptor is a socket a server can listen on, as
 * {@code sd_is_socket()} does: open, a socket, {@code SOCK_STREAM}, family INET, INET6 or
 * UNIX, listening. Each failure gets its own message and action.
 *
 * @author socket-activation contributors
 */
final class ListeningSocketCheck {

	private ListeningSocketCheck() {
	}

	/**
	 * Check the status of a handed-over file descriptor.
	 * @param subject how the fd is named in messages, e.g.
	 * {@code fd 3 ('web.socket') from
	 * LISTEN_FDS}
	 * @param status what the fd turned out to be
	 * @return the family of the verified socket
	 * @throws SocketActivationException if the fd cannot be served
	 */
	static SocketFamily check(String subject, FdStatus status) {
		switch (status.kind()) {
			case CLOSED -> throw notPassed(subject + " is not open.");
			case NOT_SOCKET -> {
				if (isOpenedByThisJvm(status.what())) {
					throw notPassed(
							subject + " was not open when the JVM started: the JVM has since opened its own file '"
									+ status.what() + "' on that number.");
				}
				throw new SocketActivationException(subject + " is not a socket but '" + status.what() + "'.",
						"Pass listening sockets only: check the Sockets=/ListenStream= settings of the unit, or the "
								+ "fds the launcher passes, and that LISTEN_FDS counts only sockets.");
			}
			case SOCKET -> {
				return checkSocket(subject, status);
			}
			default -> throw new IllegalStateException("Unknown fd kind " + status.kind());
		}
	}

	private static SocketActivationException notPassed(String description) {
		return new SocketActivationException(description,
				"The service manager passes listening sockets from fd 3 up; check that nothing between it and the "
						+ "JVM (a wrapper script, a shell redirection, 'exec N>&-') closes them, and that LISTEN_FDS "
						+ "counts only the fds really passed.");
	}

	/**
	 * Whether a file is one the JVM opens at start-up (its runtime image, the classpath):
	 * an fd number that was not passed is taken by the JVM before it can be inspected.
	 */
	private static boolean isOpenedByThisJvm(String file) {
		String javaHome = System.getProperty("java.home");
		if (javaHome != null && file.startsWith(javaHome + File.separator)) {
			return true;
		}
		String classpath = System.getProperty("java.class.path", "");
		return Arrays.asList(classpath.split(File.pathSeparator)).contains(file);
	}

	private static SocketFamily checkSocket(String subject, FdStatus status) {
		SocketFamily family = status.family();
		if (family == null) {
			throw new SocketActivationException(subject + " is a " + status.familyName() + " socket.",
					"Only AF_INET, AF_INET6 and AF_UNIX stream sockets can be served: use ListenStream= with an "
							+ "address, a port or a path.");
		}
		if (status.type() != FdStatus.SocketType.STREAM) {
			throw new SocketActivationException(
					subject + " is a " + typeName(status.type()) + " socket, not a stream (SOCK_STREAM) socket.",
					"A web server needs a stream socket: use ListenStream= (not ListenDatagram= or "
							+ "ListenSequentialPacket=) in the .socket unit, or SockType 'stream' in the plist.");
		}
		if (status.address() == null) {
			throw new SocketActivationException(subject + " is a socket with no local address.",
					"Pass a socket bound to an address, a port or a path (ListenStream=).");
		}
		if (status.address() instanceof InetSocketAddress inet && inet.getPort() == 0) {
			throw new SocketActivationException(
					subject + " is bound to port 0 (" + inet.getAddress().getHostAddress()
							+ ":0): the service manager could not bind the port it was asked for.",
					"Check that the port is free and that the service manager may bind it, then restart the "
							+ "socket (launchd hands over such a socket when SockServiceName cannot be bound).");
		}
		if (!status.listening()) {
			if (status.peer() != null) {
				throw new SocketActivationException(
						subject + " is a connected socket (peer " + ActivatedSocket.format(status.peer())
								+ "), not a listening one.",
						"Set Accept=no (the default) in the .socket unit: Accept=yes hands each connection to a new "
								+ "process, which a server cannot serve.");
			}
			throw new SocketActivationException(subject + " is a socket that is not listening.",
					"Pass a socket on which listen() was called: ListenStream= in a .socket unit with Accept=no.");
		}
		return family;
	}

	private static String typeName(FdStatus.SocketType type) {
		return switch (type) {
			case DATAGRAM -> "datagram (SOCK_DGRAM)";
			case SEQPACKET -> "sequential-packet (SOCK_SEQPACKET)";
			default -> "non-stream";
		};
	}

}
