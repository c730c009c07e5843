package io.socketactivation.proxy.actuate;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;

/**
 * Where the management server listens: an address it binds (a Unix socket path, or a
 * loopback {@code host:port}), or activated sockets it serves (the systemd sockets named
 * {@code proxy.management.socket-name}).
 *
 * @author socket-activation contributors
 */
public final class ManagementListener {

	private final @Nullable String address;

	private final ActivatedSockets sockets;

	private ManagementListener(@Nullable String address, ActivatedSockets sockets) {
		this.address = address;
		this.sockets = sockets;
	}

	/**
	 * Return a listener on an address the management server binds.
	 * @param address a Unix socket path or a loopback {@code host:port}
	 * @return the listener
	 */
	public static ManagementListener bind(String address) {
		return new ManagementListener(address, ActivatedSockets.none("the management server binds " + address));
	}

	/**
	 * Return a listener on activated sockets, adopted as JDK channels.
	 * @param sockets the sockets
	 * @return the listener
	 */
	public static ManagementListener serve(ActivatedSockets sockets) {
		return new ManagementListener(null, sockets);
	}

	/**
	 * Return the activated sockets served, empty when an address is bound.
	 * @return the sockets
	 */
	ActivatedSockets sockets() {
		return this.sockets;
	}

	/**
	 * Return the settings of the management application that make it listen here.
	 * @return property names and values
	 */
	Map<String, Object> properties() {
		Map<String, Object> properties = new HashMap<>();
		String bound = this.address;
		if (bound == null) {
			// the starter serves the sockets it is given (and collects none itself)
			properties.put("socket-activation.enabled", "true");
			properties.put("server.port", "0");
		}
		else if (isUnixSocket(bound)) {
			properties.put("server.port", "0");
			properties.put("proxy.management.unix-socket-path", bound);
		}
		else {
			int colon = bound.lastIndexOf(':');
			properties.put("server.address", bound.substring(0, colon).replace("[", "").replace("]", ""));
			properties.put("server.port", bound.substring(colon + 1));
		}
		return properties;
	}

	static boolean isUnixSocket(String address) {
		return address.startsWith("/");
	}

	/**
	 * Return where this is, as the log says it.
	 * @return the address, or the sockets described
	 */
	public String describe() {
		String bound = this.address;
		return (bound != null) ? bound
				: this.sockets.stream().map(ActivatedSocket::describe).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return describe();
	}

}
