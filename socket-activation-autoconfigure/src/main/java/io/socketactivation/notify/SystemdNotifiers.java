package io.socketactivation.notify;

import java.net.SocketException;

import io.socketactivation.SocketActivationException;

/**
 * Creates the {@link SystemdNotifier} for a {@code NOTIFY_SOCKET} value.
 *
 * @author socket-activation contributors
 */
public final class SystemdNotifiers {

	private static final String ACTION = "Use Type=simple or Type=exec in the unit instead of Type=notify, or set "
			+ "socket-activation.notify.enabled=false.";

	private SystemdNotifiers() {
	}

	/**
	 * Return a notifier sending datagrams to the given socket.
	 * @param notifySocket the value of {@code NOTIFY_SOCKET}
	 * @return the notifier
	 * @throws SocketActivationException if the value is not a Unix socket address or this
	 * platform cannot send Unix datagrams
	 */
	public static SystemdNotifier forSocket(String notifySocket) {
		if (!DatagramSystemdNotifier.isSupported()) {
			throw new SocketActivationException(
					"NOTIFY_SOCKET is set but junixsocket cannot send Unix datagrams on this platform ("
							+ System.getProperty("os.name") + ", " + System.getProperty("os.arch") + ").",
					ACTION);
		}
		try {
			return new DatagramSystemdNotifier(NotifySocketAddress.parse(notifySocket), notifySocket);
		}
		catch (IllegalArgumentException ex) {
			throw new SocketActivationException(ex.getMessage() + ".", ACTION);
		}
		catch (SocketException ex) {
			throw new SocketActivationException(
					"NOTIFY_SOCKET='" + notifySocket + "' cannot be used as a Unix socket address: " + ex.getMessage(),
					ACTION, ex);
		}
	}

}
