package io.socketactivation.proxy.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of proxy-app. launch_socket_server's environment variables
 * ({@code LAUNCH_DAEMON_SOCKET_NAME}, {@code LAUNCH_PROGRAM_SOCKET_PATH},
 * {@code LAUNCH_PROGRAM_TCP_ADDRESS}) set the same properties; a {@code proxy.*} property
 * wins over them.
 *
 * @author socket-activation contributors
 */
@ConfigurationProperties("proxy")
public class ProxyProperties {

	/**
	 * Name of the launchd socket to serve (LAUNCH_DAEMON_SOCKET_NAME); systemd sockets
	 * are all served.
	 */
	private String socketName = "Socket";

	/**
	 * Time without any connection after which the proxy stops its child and exits; unset
	 * means never.
	 */
	private @Nullable Duration exitIdleTime;

	/**
	 * Number of event loop threads forwarding connections; unset means one per available
	 * processor.
	 */
	private @Nullable Integer threads;

	/**
	 * Netty transport of the data path: auto (epoll on Linux, kqueue on macOS, else NIO),
	 * epoll, io_uring (Linux, only when chosen), kqueue or nio.
	 */
	private String transport = "auto";

	private final Backend backend = new Backend();

	private final Connections connections = new Connections();

	private final Child child = new Child();

	private final Management management = new Management();

	private final Notify notify = new Notify();

	public String getSocketName() {
		return this.socketName;
	}

	public void setSocketName(String socketName) {
		this.socketName = socketName;
	}

	public @Nullable Duration getExitIdleTime() {
		return this.exitIdleTime;
	}

	public void setExitIdleTime(@Nullable Duration exitIdleTime) {
		this.exitIdleTime = positiveOrNull("proxy.exit-idle-time", exitIdleTime);
	}

	public @Nullable Integer getThreads() {
		return this.threads;
	}

	public void setThreads(@Nullable Integer threads) {
		if (threads != null && threads < 1) {
			throw new IllegalArgumentException("proxy.threads must be at least 1, not " + threads);
		}
		this.threads = threads;
	}

	/**
	 * Return the number of event loop threads to use.
	 * @return {@link #getThreads()}, or the number of available processors
	 */
	public int threadsOrDefault() {
		Integer configured = this.threads;
		return (configured != null) ? configured : Runtime.getRuntime().availableProcessors();
	}

	public String getTransport() {
		return this.transport;
	}

	public void setTransport(String transport) {
		this.transport = transport;
	}

	public Backend getBackend() {
		return this.backend;
	}

	public Connections getConnections() {
		return this.connections;
	}

	public Child getChild() {
		return this.child;
	}

	public Management getManagement() {
		return this.management;
	}

	public Notify getNotify() {
		return this.notify;
	}

	static Duration positive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(property + " must be positive, not " + value);
		}
		return value;
	}

	static @Nullable Duration positiveOrNull(String property, @Nullable Duration value) {
		return (value != null) ? positive(property, value) : null;
	}

	/**
	 * Where connections go.
	 */
	public static class Backend {

		/**
		 * Unix socket path ({@code /path}) or Linux abstract name ({@code @name}) of the
		 * backend (LAUNCH_PROGRAM_SOCKET_PATH); generated for a child when no backend is
		 * set.
		 */
		private @Nullable String socketPath;

		/**
		 * TCP address of the backend as host:port (LAUNCH_PROGRAM_TCP_ADDRESS); wins over
		 * a socket path given the same way, else the one given the stronger way wins.
		 */
		private @Nullable String tcpAddress;

		/**
		 * How long a connection waits for the backend to accept it (its host name looked
		 * up, then connected), retrying with back-off, before it is closed.
		 */
		private Duration connectTimeout = Duration.ofSeconds(30);

		/**
		 * First delay between two attempts to reach the backend; doubled after each
		 * failure.
		 */
		private Duration retryInitialDelay = Duration.ofMillis(10);

		/**
		 * Longest delay between two attempts to reach the backend.
		 */
		private Duration retryMaxDelay = Duration.ofMillis(100);

		/**
		 * PROXY protocol header sent to the backend before the client's bytes, telling it
		 * the client's address.
		 */
		private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;

		public @Nullable String getSocketPath() {
			return this.socketPath;
		}

		public void setSocketPath(@Nullable String socketPath) {
			this.socketPath = (socketPath == null || socketPath.isEmpty()) ? null : socketPath;
		}

		public @Nullable String getTcpAddress() {
			return this.tcpAddress;
		}

		public void setTcpAddress(@Nullable String tcpAddress) {
			this.tcpAddress = (tcpAddress == null || tcpAddress.isEmpty()) ? null : tcpAddress;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = positive("proxy.backend.connect-timeout", connectTimeout);
		}

		public Duration getRetryInitialDelay() {
			return this.retryInitialDelay;
		}

		public void setRetryInitialDelay(Duration retryInitialDelay) {
			this.retryInitialDelay = positive("proxy.backend.retry-initial-delay", retryInitialDelay);
		}

		public Duration getRetryMaxDelay() {
			return this.retryMaxDelay;
		}

		public void setRetryMaxDelay(Duration retryMaxDelay) {
			this.retryMaxDelay = positive("proxy.backend.retry-max-delay", retryMaxDelay);
		}

		public ProxyProtocol getProxyProtocol() {
			return this.proxyProtocol;
		}

		public void setProxyProtocol(ProxyProtocol proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
		}

	}

	/**
	 * Limits on client connections.
	 */
	public static class Connections {

		/**
		 * Most connections forwarded at once; never exceeded.
		 */
		private int max = 256;

		/**
		 * What happens to a connection arriving when max connections are open.
		 */
		private Overflow overflow = Overflow.REFUSE;

		/**
		 * Most connections waiting for a free slot when overflow is queue; beyond it
		 * connections are refused.
		 */
		private int queueSize = 128;

		/**
		 * Time without a byte moving in either direction (read from a side, or taken by a
		 * side from what was sent to it) after which a connection is closed; unset means
		 * never.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Longest time a connection may stay open; unset means no limit.
		 */
		private @Nullable Duration maxLifetime;

		/**
		 * On a stop, how long forwarded connections may go on after accepting stopped;
		 * those still open then are closed.
		 */
		private Duration drainTimeout = Duration.ofSeconds(10);

		public int getMax() {
			return this.max;
		}

		public void setMax(int max) {
			if (max < 1) {
				throw new IllegalArgumentException("proxy.connections.max must be at least 1, not " + max);
			}
			this.max = max;
		}

		public Overflow getOverflow() {
			return this.overflow;
		}

		public void setOverflow(Overflow overflow) {
			this.overflow = overflow;
		}

		public int getQueueSize() {
			return this.queueSize;
		}

		public void setQueueSize(int queueSize) {
			if (queueSize < 0) {
				throw new IllegalArgumentException(
						"proxy.connections.queue-size must not be negative, not " + queueSize);
			}
			this.queueSize = queueSize;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = positiveOrNull("proxy.connections.idle-timeout", idleTimeout);
		}

		public @Nullable Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(@Nullable Duration maxLifetime) {
			this.maxLifetime = positiveOrNull("proxy.connections.max-lifetime", maxLifetime);
		}

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			if (drainTimeout.isNegative()) {
				throw new IllegalArgumentException(
						"proxy.connections.drain-timeout must not be negative, not " + drainTimeout);
			}
			this.drainTimeout = drainTimeout;
		}

	}

	/**
	 * The child program.
	 */
	public static class Child {

		/**
		 * How long the child has to exit after SIGTERM before it gets SIGKILL.
		 */
		private Duration stopTimeout = Duration.ofSeconds(10);

		/**
		 * Whether to run the program through the user's login shell (the account's, else
		 * $SHELL), as launch_socket_server's login_wrapper does.
		 */
		private boolean loginShell;

		/**
		 * Directory in which the private directory holding the generated socket is
		 * created; short, because a socket path has at most 103 bytes on macOS.
		 */
		private String directoryParent = "/tmp";

		public Duration getStopTimeout() {
			return this.stopTimeout;
		}

		public void setStopTimeout(Duration stopTimeout) {
			this.stopTimeout = positive("proxy.child.stop-timeout", stopTimeout);
		}

		public boolean isLoginShell() {
			return this.loginShell;
		}

		public void setLoginShell(boolean loginShell) {
			this.loginShell = loginShell;
		}

		public String getDirectoryParent() {
			return this.directoryParent;
		}

		public void setDirectoryParent(String directoryParent) {
			this.directoryParent = directoryParent;
		}

	}

	/**
	 * The management socket serving Actuator.
	 */
	public static class Management {

		/**
		 * Whether to serve Actuator on the management socket.
		 */
		private boolean enabled = true;

		/**
		 * Address of the management socket: a Unix socket path, or a loopback host:port;
		 * unset means management.sock in the proxy's private directory.
		 */
		private @Nullable String address;

		/**
		 * Whether the management address may be a host:port that is not loopback.
		 */
		private boolean allowNonLoopback;

		/**
		 * When Actuator starts: on the first connection to the management socket, which
		 * waits meanwhile, or at start-up.
		 */
		private ManagementStart start = ManagementStart.ON_DEMAND;

		/**
		 * Name of an activated socket to use as the management socket instead; it is
		 * never forwarded.
		 */
		private String socketName = "management";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public boolean isAllowNonLoopback() {
			return this.allowNonLoopback;
		}

		public void setAllowNonLoopback(boolean allowNonLoopback) {
			this.allowNonLoopback = allowNonLoopback;
		}

		public ManagementStart getStart() {
			return this.start;
		}

		public void setStart(ManagementStart start) {
			this.start = start;
		}

		public String getSocketName() {
			return this.socketName;
		}

		public void setSocketName(String socketName) {
			this.socketName = socketName;
		}

	}

	/**
	 * Notifications to systemd (NOTIFY_SOCKET).
	 */
	public static class Notify {

		/**
		 * Whether READY=1 waits for the first connection the backend accepts, instead of
		 * being sent once the proxy accepts.
		 */
		private boolean readyAfterBackend;

		public boolean isReadyAfterBackend() {
			return this.readyAfterBackend;
		}

		public void setReadyAfterBackend(boolean readyAfterBackend) {
			this.readyAfterBackend = readyAfterBackend;
		}

	}

	/**
	 * PROXY protocol header towards the backend.
	 */
	public enum ProxyProtocol {

		/** No header: the backend sees the proxy as its client. */
		OFF,

		/** Human-readable version 1 header. */
		V1,

		/** Binary version 2 header. */
		V2

	}

	/**
	 * When the management server (Actuator) starts.
	 */
	public enum ManagementStart {

		/**
		 * On the first connection to the management socket, which waits in the socket
		 * meanwhile: until then Actuator costs no memory.
		 */
		ON_DEMAND,

		/** At start-up, beside the data path. */
		EAGER

	}

	/**
	 * What happens to a connection arriving when the limit is reached.
	 */
	public enum Overflow {

		/** Close it at once (counted as refused). */
		REFUSE,

		/** Hold it until a connection closes, up to the queue size. */
		QUEUE

	}

}
