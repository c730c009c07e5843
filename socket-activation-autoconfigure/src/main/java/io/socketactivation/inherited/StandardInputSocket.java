package io.socketactivation.inherited;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.FdStatus;
import io.socketactivation.FileDescriptors;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;

/**
 * Adopts the listening socket on standard input (fd 0), which inetd "wait", systemd
 * {@code StandardInput=socket} and launchd {@code inetdCompatibility} with {@code Wait}
 * hand over; fd 0 then reads {@code /dev/null}. Opt-in: a program started by hand has a
 * terminal or a pipe there.
 *
 * @author socket-activation contributors
 */
public final class StandardInputSocket {

	/** The name the socket is given. */
	public static final String NAME = "stdin";

	private static final int STDIN = 0;

	private StandardInputSocket() {
	}

	/**
	 * Adopt the listening socket on fd 0.
	 * @param fileDescriptors how fds are inspected and adopted
	 * @return the socket
	 * @throws SocketActivationException if fd 0 is not a listening socket
	 */
	public static ActivatedSockets adopt(FileDescriptors fileDescriptors) {
		String subject = "fd 0 (standard input, socket-activation.stdin=true)";
		try {
			FdStatus status = fileDescriptors.inspect(STDIN);
			SocketFamily family = checkListening(subject, status);
			ActivatedSocket socket = new ActivatedSocket(SocketSource.STDIN, NAME, STDIN, family,
					Objects.requireNonNull(status.address()), fileDescriptors.adopt(STDIN, family));
			return ActivatedSockets.of(List.of(socket), "listening socket on standard input");
		}
		catch (IOException ex) {
			throw new SocketActivationException(subject + " cannot be adopted: " + ex.getMessage(),
					"Check the service's StandardInput= setting (or inetd/launchd configuration).", ex);
		}
	}

	private static SocketFamily checkListening(String subject, FdStatus status) {
		if (status.kind() != FdStatus.Kind.SOCKET || !status.listening() || status.family() == null
				|| status.type() != FdStatus.SocketType.STREAM) {
			String found = (status.kind() != FdStatus.Kind.SOCKET) ? status.what()
					: (status.peer() != null) ? "a connected socket (Accept=yes, inetd 'nowait')"
							: "a socket that is not a listening stream socket";
			throw new SocketActivationException(subject + " is not a listening socket but " + found + ".",
					"Start the service with StandardInput=socket and Accept=no in its .socket unit (inetd: "
							+ "'wait'; launchd: inetdCompatibility with Wait=true), or set "
							+ "socket-activation.stdin=false.");
		}
		return status.family();
	}

}
