package io.socketactivation.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.socketactivation.ActivationSettings;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;

/**
 * Configuration properties for socket activation.
 *
 * @author socket-activation contributors
 */
@ConfigurationProperties("socket-activation")
public class SocketActivationProperties {

	/**
	 * Whether to serve sockets handed over by the service manager. When disabled, the web
	 * server binds server.address and server.port as usual.
	 */
	private boolean enabled = true;

	/**
	 * Whether start-up must fail when the process was not socket-activated, instead of
	 * binding server.address and server.port.
	 */
	private boolean required;

	/**
	 * Names of the activated sockets the main server serves; empty for all but the
	 * management socket.
	 */
	private List<String> names = new ArrayList<>();

	/**
	 * Name of the activated socket that the Actuator management server serves, when it
	 * runs on a port of its own.
	 */
	private String managementName = "management";

	private final Launchd launchd = new Launchd();

	/**
	 * Whether to serve a listening socket on standard input (inetd 'wait', systemd
	 * StandardInput=socket, launchd inetdCompatibility with Wait).
	 */
	private boolean stdin;

	private final ProgramSocket programSocket = new ProgramSocket();

	private final ProxyProtocol proxyProtocol = new ProxyProtocol();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

	public List<String> getNames() {
		return this.names;
	}

	public void setNames(List<String> names) {
		this.names = names;
	}

	public String getManagementName() {
		return this.managementName;
	}

	public void setManagementName(String managementName) {
		this.managementName = managementName;
	}

	public boolean isStdin() {
		return this.stdin;
	}

	public void setStdin(boolean stdin) {
		this.stdin = stdin;
	}

	public Launchd getLaunchd() {
		return this.launchd;
	}

	public ProgramSocket getProgramSocket() {
		return this.programSocket;
	}

	public ProxyProtocol getProxyProtocol() {
		return this.proxyProtocol;
	}

	/**
	 * Return the settings of the collection these properties describe.
	 * @return the settings
	 */
	ActivationSettings toActivationSettings() {
		ActivationSettings settings = ActivationSettings.defaults().withLaunchdNames(this.launchd.getNames());
		if (this.names.isEmpty()) {
			return settings;
		}
		// the management server's socket is adopted too; the rest is left alone
		List<String> adopted = new ArrayList<>(this.names);
		adopted.add(this.managementName);
		return settings.withSocketNames(adopted);
	}

	/**
	 * Return which sockets these properties say require a PROXY protocol header.
	 * @return the policy
	 */
	ProxyProtocolPolicy toProxyProtocolPolicy() {
		return ProxyProtocolPolicy.of(this.programSocket.isProxyProtocol(), this.proxyProtocol.getNames(),
				this.proxyProtocol.getHeaderTimeout());
	}

	/**
	 * launchd properties.
	 */
	public static class Launchd {

		/**
		 * Keys of the plist's Sockets dictionary to ask launchd for, in order; every
		 * socket of every name found is served.
		 */
		private List<String> names = new ArrayList<>(ActivationSettings.DEFAULT_LAUNCHD_NAMES);

		public List<String> getNames() {
			return this.names;
		}

		public void setNames(List<String> names) {
			if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
				throw new IllegalArgumentException(
						"socket-activation.launchd.names must list at least one non-blank key of the plist's "
								+ "Sockets dictionary, not " + names);
			}
			this.names = names;
		}

	}

	/**
	 * The Unix socket bound at {@code LAUNCH_PROGRAM_SOCKET_PATH}.
	 */
	public static class ProgramSocket {

		/**
		 * Permissions of the socket file bound at LAUNCH_PROGRAM_SOCKET_PATH, in
		 * 'rwxrwxrwx' form.
		 */
		private String permissions = "rw-------";

		/**
		 * Whether every connection to the socket bound at LAUNCH_PROGRAM_SOCKET_PATH must
		 * start with a PROXY protocol header (v1 or v2), whose client address the
		 * application then sees as the remote address. For a proxy that sends one, such
		 * as proxy-app with proxy.backend.proxy-protocol (which turns this on in the
		 * environment of the program it runs).
		 */
		private boolean proxyProtocol;

		public String getPermissions() {
			return this.permissions;
		}

		public void setPermissions(String permissions) {
			try {
				PosixFilePermissions.fromString(permissions);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("socket-activation.program-socket.permissions must be nine "
						+ "characters in 'rwxrwxrwx' form, such as 'rw-rw----', not '" + permissions + "'", ex);
			}
			this.permissions = permissions;
		}

		public boolean isProxyProtocol() {
			return this.proxyProtocol;
		}

		public void setProxyProtocol(boolean proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
		}

	}

	/**
	 * The PROXY protocol on activated sockets.
	 */
	public static class ProxyProtocol {

		/**
		 * Names of the activated sockets every connection to which must start with a
		 * PROXY protocol header (v1 or v2), whose client address the application then
		 * sees as the remote address. Only for sockets that nothing but a trusted proxy
		 * can reach: any client of the socket could claim any address.
		 */
		private List<String> names = new ArrayList<>();

		/**
		 * How long a connection to a socket that requires a PROXY protocol header (named
		 * here, or the LAUNCH_PROGRAM_SOCKET_PATH socket) may take to send it completely
		 * before it is closed unserved.
		 */
		private Duration headerTimeout = Duration.ofSeconds(5);

		public List<String> getNames() {
			return this.names;
		}

		public void setNames(List<String> names) {
			this.names = names;
		}

		public Duration getHeaderTimeout() {
			return this.headerTimeout;
		}

		public void setHeaderTimeout(Duration headerTimeout) {
			if (headerTimeout.isNegative() || headerTimeout.isZero()) {
				throw new IllegalArgumentException(
						"socket-activation.proxy-protocol.header-timeout must be positive, such as 5s, not "
								+ headerTimeout);
			}
			this.headerTimeout = headerTimeout;
		}

	}

}
