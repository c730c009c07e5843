package io.socketactivation.proxy.config;

import java.nio.charset.StandardCharsets;

/**
 * Where the proxy forwards connections: a Unix socket path, a Linux abstract socket name,
 * or a TCP host and port.
 *
 * @author socket-activation contributors
 */
public sealed interface BackendAddress {

	/**
	 * Longest Unix socket path, in bytes, that every platform accepts (macOS: 104 - 1).
	 */
	int MAX_UNIX_PATH_BYTES = 103;

	/**
	 * Longest Linux abstract socket name, in bytes: {@code sun_path}'s 108, less the
	 * leading NUL.
	 */
	int MAX_ABSTRACT_NAME_BYTES = 107;

	/**
	 * Return the address as a person writes it.
	 * @return {@code /path}, {@code @name} or {@code host:port}
	 */
	String display();

	/**
	 * Parse a Unix socket path or an {@code @abstract} name.
	 * @param value the value
	 * @param setting the variable or property it came from, for the error message
	 * @return the address
	 * @throws ProxySettingException if the value is not usable
	 */
	static BackendAddress parseSocketPath(String value, String setting) {
		if (value.startsWith("@")) {
			if (value.length() == 1) {
				throw new ProxySettingException(setting + "='@' names no abstract socket.",
						"Write @name for a Linux abstract socket, or a path.");
			}
			int length = value.substring(1).getBytes(StandardCharsets.UTF_8).length;
			if (length > MAX_ABSTRACT_NAME_BYTES) {
				throw new ProxySettingException(
						setting + "='" + value + "' names an abstract socket of " + length
								+ " bytes; Linux allows at most " + MAX_ABSTRACT_NAME_BYTES + ".",
						"Use a shorter name.");
			}
			return new AbstractSocket(value.substring(1));
		}
		int length = value.getBytes(StandardCharsets.UTF_8).length;
		if (length > MAX_UNIX_PATH_BYTES) {
			throw new ProxySettingException(setting + "='" + value + "' is " + length
					+ " bytes long; a Unix socket path may have at most " + MAX_UNIX_PATH_BYTES + ".",
					"Use a shorter path (for example under /tmp or /run).");
		}
		return new UnixSocket(value);
	}

	/**
	 * Parse a TCP address written {@code host:port} or {@code [ipv6]:port}.
	 * @param value the value
	 * @param setting the variable or property it came from, for the error message
	 * @return the address
	 * @throws ProxySettingException if the value is not usable
	 */
	static BackendAddress parseTcp(String value, String setting) {
		int colon = value.lastIndexOf(':');
		String host = (colon > 0) ? value.substring(0, colon) : "";
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		String portText = (colon > 0) ? value.substring(colon + 1) : "";
		int port = parsePort(portText);
		if (host.isEmpty() || port < 1) {
			throw new ProxySettingException(setting + "='" + value + "' is not a TCP address.",
					"Write host:port, for example 127.0.0.1:8000 or [::1]:8000.");
		}
		return new Tcp(host, port);
	}

	private static int parsePort(String text) {
		if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return -1;
		}
		int port = Integer.parseInt(text);
		return (port <= 65535) ? port : -1;
	}

	/**
	 * A Unix socket at a path.
	 *
	 * @param path the path
	 */
	record UnixSocket(String path) implements BackendAddress {

		@Override
		public String display() {
			return this.path;
		}

	}

	/**
	 * A Linux abstract Unix socket.
	 *
	 * @param name the name, without the leading {@code @}
	 */
	record AbstractSocket(String name) implements BackendAddress {

		@Override
		public String display() {
			return "@" + this.name;
		}

	}

	/**
	 * A TCP address, resolved at each connection.
	 *
	 * @param host the host name or literal address
	 * @param port the port
	 */
	record Tcp(String host, int port) implements BackendAddress {

		@Override
		public String display() {
			return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
		}

	}

}
