package io.socketactivation.notify;

import java.net.SocketException;
import java.nio.file.Path;

import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * Parses {@code NOTIFY_SOCKET} as libsystemd does: an absolute path, or an abstract
 * socket name prefixed with {@code @}. The {@code vsock:} form (virtual machines) is not
 * supported.
 *
 * @author socket-activation contributors
 */
public final class NotifySocketAddress {

	private NotifySocketAddress() {
	}

	/**
	 * Parse the value of {@code NOTIFY_SOCKET}.
	 * @param value the value
	 * @return the address
	 * @throws IllegalArgumentException if the value is neither a path nor an abstract
	 * name
	 * @throws SocketException if junixsocket cannot represent the address
	 */
	public static AFUNIXSocketAddress parse(String value) throws SocketException {
		if (value.startsWith("@") && value.length() > 1) {
			return AFUNIXSocketAddress.inAbstractNamespace(value.substring(1));
		}
		if (value.startsWith("/")) {
			return AFUNIXSocketAddress.of(Path.of(value));
		}
		throw new IllegalArgumentException("NOTIFY_SOCKET='" + value
				+ "' is neither an absolute path nor an @abstract socket name (vsock: is not supported)");
	}

}
