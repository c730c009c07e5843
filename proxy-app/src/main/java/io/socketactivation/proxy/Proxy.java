package io.socketactivation.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.ActivationSettings;
import io.socketactivation.ActivationEnvironment;
import io.socketactivation.SocketActivation;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketSource;
import io.socketactivation.proxy.actuate.DataPathDescription;
import io.socketactivation.proxy.actuate.ManagementListener;
import io.socketactivation.proxy.actuate.ManagementServer;
import io.socketactivation.proxy.actuate.ServiceNotifier;
import io.socketactivation.proxy.actuate.SystemdServiceNotifier;
import io.socketactivation.proxy.child.ChildProgram;
import io.socketactivation.proxy.child.ChildSupervisor;
import io.socketactivation.proxy.child.LoginShell;
import io.socketactivation.proxy.child.PrivateDirectory;
import io.socketactivation.proxy.cli.CommandLine;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxyProperties;
import io.socketactivation.proxy.config.ProxyProperties.ProxyProtocol;
import io.socketactivation.proxy.config.ProxySettingException;
import io.socketactivation.proxy.config.ProxySettings;
import io.socketactivation.proxy.forward.Forwarder;
import io.socketactivation.proxy.forward.Transport;
import io.socketactivation.proxy.forward.ForwardingListener;
import io.socketactivation.proxy.forward.ForwardingStats;
import io.socketactivation.systemd.SystemdListenFds;

/**
 * One run of proxy-app: collects the activated sockets, starts the child program (if any)
 * and the data path, then waits for the child to exit, for the idle time to pass, or for
 * SIGTERM/SIGINT, and tears everything down in order.
 *
 * @author socket-activation contributors
 */
public final class Proxy implements ForwardingListener {

	private static final Logger logger = LoggerFactory.getLogger(Proxy.class);

	/** File name of the generated backend socket in the private directory. */
	static final String BACKEND_SOCKET_NAME = "backend.sock";

	/** File name of the default management socket in the private directory. */
	static final String MANAGEMENT_SOCKET_NAME = "management.sock";

	/** A JVM's exit status after SIGTERM (128 + 15), which units declare a success. */
	static final int SIGTERM_STATUS = 143;

	/** The proxy's exit status when its child ended with {@link #SIGTERM_STATUS}. */
	static final int CHILD_TERMINATED_STATUS = 1;

	/** How long health's connection to the backend may take. */
	static final Duration BACKEND_CHECK_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * The starter's {@code socket-activation.program-socket.proxy-protocol}, set for the
	 * child program when the proxy sends it a PROXY protocol header.
	 */
	static final String PROGRAM_SOCKET_PROXY_PROTOCOL = "SOCKET_ACTIVATION_PROGRAM_SOCKET_PROXY_PROTOCOL";

	private final CommandLine commandLine;

	private final ProxySettings settings;

	private final Map<String, String> environment;

	private final ForwardingStats stats = new ForwardingStats();

	private final CompletableFuture<Integer> idleExit = new CompletableFuture<>();

	private final AtomicBoolean stopping = new AtomicBoolean();

	/**
	 * Held by each step of the start and by the teardown, so that a signal during the
	 * start tears down what was started, and nothing starts after it.
	 */
	private final Object lifecycle = new Object();

	private final CountDownLatch tornDown = new CountDownLatch(1);

	private @Nullable PrivateDirectory directory;

	private @Nullable ChildSupervisor child;

	private @Nullable Forwarder forwarder;

	private volatile @Nullable ManagementServer management;

	private List<ActivatedSocket> managementSockets = List.of();

	private Transport transport = Transport.NIO;

	private volatile ServiceNotifier notifier = ServiceNotifier.logging();

	/**
	 * Create a run.
	 * @param commandLine the command line
	 * @param settings the settings
	 * @param environment the process environment
	 */
	public Proxy(CommandLine commandLine, ProxySettings settings, Map<String, String> environment) {
		this.commandLine = commandLine;
		this.settings = settings;
		this.environment = environment;
	}

	/**
	 * Run until the child exits, the proxy has been idle long enough, or a signal stops
	 * it.
	 * @return the exit status
	 */
	public int run() {
		ProxyProperties properties = this.settings.properties();
		BackendAddress configured = this.settings.backend();
		if (configured == null && !this.commandLine.hasProgram()) {
			throw new ProxySettingException(
					"No backend: with '-' (no program) LAUNCH_PROGRAM_SOCKET_PATH or LAUNCH_PROGRAM_TCP_ADDRESS "
							+ "(proxy.backend.socket-path / proxy.backend.tcp-address) must be set.",
					"Set one to the address the backend listens on, or give a program to run.");
		}
		String managementAddress = properties.getManagement().getAddress();
		if (properties.getManagement().isEnabled() && managementAddress != null) {
			ManagementListener.checkAddress(managementAddress, properties.getManagement().isAllowNonLoopback());
		}
		this.notifier = SystemdServiceNotifier.forEnvironment(this.environment, this::eventLoopsAnswer);
		// the transport is chosen first: the native ones adopt fd numbers, NIO JDK
		// channels
		Transport transport = Transport.select(properties.getTransport(), configured);
		this.transport = transport;
		List<ActivatedSocket> sockets = collectSockets(properties, transport);
		// before anything runs: a signal from now on stops what was started
		Runtime.getRuntime().addShutdownHook(new Thread(this::stopOnSignal, "proxy-app-stop"));
		try {
			boolean started;
			synchronized (this.lifecycle) {
				started = startUnlessStopping(properties, configured, transport, sockets);
			}
			// a signal came during the start: the shutdown hook, which waited for
			// the lock, tears down what was started
			return started ? awaitEnd() : awaitSignalStop();
		}
		catch (RuntimeException ex) {
			if (this.stopping.compareAndSet(false, true)) {
				teardown();
			}
			throw ex;
		}
	}

	private List<ActivatedSocket> collectSockets(ProxyProperties properties, Transport transport) {
		// launchd: only the socket named by LAUNCH_DAEMON_SOCKET_NAME (proxy.socket-name)
		ActivationSettings activation = ActivationSettings.defaults()
			.withLaunchdNames(List.of(properties.getSocketName()));
		ActivatedSockets collected = new SocketActivation(new CoreEnvironment(this.environment),
				transport.fileDescriptors())
			.collect(activation);
		if (transport.adoptsFileDescriptorNumbers()) {
			collected.forEach(Proxy::closePlaceholder);
		}
		if (collected.isEmpty()) {
			throw new SocketActivationException("proxy-app was not handed any socket: " + collected.summary() + ".",
					"Start it from a systemd socket unit, a launchd job with Sockets, or "
							+ "'systemd-socket-activate -l PORT java -jar proxy-app.jar ...'.");
		}
		String managementName = properties.getManagement().getSocketName();
		this.managementSockets = collected.named(managementName);
		List<ActivatedSocket> forwarded = collected.stream()
			.filter((socket) -> !socket.name().equals(managementName))
			.filter((socket) -> socket.source() == SocketSource.SYSTEMD
					|| socket.name().equals(properties.getSocketName()))
			.toList();
		if (forwarded.isEmpty()) {
			throw new SocketActivationException(
					"None of the sockets handed to proxy-app is to be forwarded: " + collected + ".",
					"Name the socket to forward " + properties.getSocketName() + " (LAUNCH_DAEMON_SOCKET_NAME), "
							+ "and only the management socket '" + managementName + "'.");
		}
		return forwarded;
	}

	private BackendAddress generatedBackend(ProxyProperties properties) {
		Path socket = privateDirectory(properties).resolve(BACKEND_SOCKET_NAME);
		return BackendAddress.parseSocketPath(socket.toString(),
				"the socket path generated in proxy.child.directory-parent");
	}

	private PrivateDirectory privateDirectory(ProxyProperties properties) {
		PrivateDirectory existing = this.directory;
		if (existing != null) {
			return existing;
		}
		Path parent = Path.of(properties.getChild().getDirectoryParent());
		try {
			PrivateDirectory created = PrivateDirectory.create(parent);
			this.directory = created;
			return created;
		}
		catch (IOException ex) {
			throw new ProxySettingException(
					"Cannot create a private directory in " + parent + " (proxy.child.directory-parent): " + ex + ".",
					"Point proxy.child.directory-parent at a short, writable directory.");
		}
	}

	/**
	 * Return the address Actuator binds: the configured one, or a socket in the private
	 * directory (made now if need be); none when it is off or an activated socket serves
	 * it.
	 */
	private @Nullable String managementAddress(ProxyProperties properties) {
		ProxyProperties.Management management = properties.getManagement();
		if (!management.isEnabled() || !this.managementSockets.isEmpty()) {
			return null;
		}
		String configured = management.getAddress();
		return (configured != null) ? configured
				: privateDirectory(properties).resolve(MANAGEMENT_SOCKET_NAME).toString();
	}

	private void startManagement(ProxyProperties properties, @Nullable String address, BackendAddress backend,
			List<ActivatedSocket> sockets) {
		ProxyProperties.Management management = properties.getManagement();
		List<ActivatedSocket> activated = this.managementSockets;
		if (!management.isEnabled()) {
			activated.forEach((socket) -> logger.warn("{} is neither forwarded nor served (proxy.management.enabled="
					+ "false): its connections wait in the socket", socket.describe()));
			return;
		}
		String configured = management.getAddress();
		if (!activated.isEmpty() && configured != null) {
			logger.warn("proxy.management.address={} is ignored: the activated socket '{}' serves Actuator", configured,
					management.getSocketName());
		}
		List<String> listeners = sockets.stream().map(ActivatedSocket::describe).toList();
		ManagementListener listener;
		try {
			listener = (address != null) ? ManagementListener.bind(address)
					: ManagementListener.serve(adopt(activated));
		}
		catch (UncheckedIOException | SocketActivationException ex) {
			logger.error("Actuator cannot listen (forwarding goes on): {}", ex.getMessage());
			return;
		}
		DataPathDescription dataPath = new DataPathDescription(this.transport.name().toLowerCase(Locale.ROOT),
				properties.threadsOrDefault(), listeners);
		this.management = ManagementServer.start(listener, properties, backend, dataPath, this.stats, this::childAlive,
				this::backendAccepts);
	}

	private ActivatedSockets adopt(List<ActivatedSocket> retained) {
		List<ActivatedSocket> adopted = new ArrayList<>();
		for (ActivatedSocket socket : retained) {
			try {
				adopted.add(this.transport.forJdkServer(socket));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Adopting " + socket.describe() + " failed", ex);
			}
		}
		return ActivatedSockets.of(adopted, "proxy.management.socket-name");
	}

	/**
	 * Whether the backend accepts a connection now, for health: the proxy dials it, for
	 * {@link #BACKEND_CHECK_TIMEOUT} at most.
	 * @return whether it accepted
	 */
	private boolean backendAccepts() {
		Forwarder running = this.forwarder;
		if (running == null) {
			return false;
		}
		try {
			return running.checkBackend(BACKEND_CHECK_TIMEOUT)
				.get(BACKEND_CHECK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException ex) {
			return false;
		}
	}

	private boolean eventLoopsAnswer(Duration within) {
		Forwarder running = this.forwarder;
		return running == null || running.eventLoopsAnswer(within);
	}

	private boolean childAlive() {
		ChildSupervisor running = this.child;
		return running == null || running.isAlive();
	}

	/**
	 * Start the child, the forwarder and Actuator, in that order, each only while no
	 * signal has come: a signal sets {@link #stopping} at once, then waits for the
	 * lifecycle lock this runs under to tear down what was started.
	 * @return whether everything was started
	 */
	private boolean startUnlessStopping(ProxyProperties properties, @Nullable BackendAddress configured,
			Transport transport, List<ActivatedSocket> sockets) {
		if (this.stopping.get()) {
			return false;
		}
		BackendAddress backend = (configured != null) ? configured : generatedBackend(properties);
		// a directory it needs is made now, so that a failure stops the start before
		// anything forwards
		String management = managementAddress(properties);
		// the login shell may take seconds to find
		ChildProgram program = childProgram(backend);
		if (this.stopping.get()) {
			return false;
		}
		if (program != null) {
			this.child = ChildSupervisor.start(program);
		}
		Forwarder forwarder = Forwarder.start(transport, sockets, backend, properties, this.stats, this);
		this.forwarder = forwarder;
		if (this.stopping.get()) {
			return false;
		}
		if (properties.getNotify().isReadyAfterBackend()) {
			forwarder.probeBackendUntilItAccepts();
		}
		else {
			this.notifier.ready("Forwarding to " + backend.display());
		}
		startManagement(properties, management, backend, sockets);
		return true;
	}

	private @Nullable ChildProgram childProgram(BackendAddress backend) {
		if (!this.commandLine.hasProgram()) {
			return null;
		}
		Map<String, String> added = new HashMap<>();
		List<String> removed = new ArrayList<>(SystemdListenFds.VARIABLES);
		if (backend instanceof BackendAddress.Tcp) {
			// the program listens on its own TCP address: a socket path inherited from
			// the environment would make it listen where the proxy does not forward
			removed.add(ProxySettings.LAUNCH_PROGRAM_SOCKET_PATH);
		}
		else {
			// the path the proxy forwards to, generated or set (by the variable or by
			// proxy.backend.socket-path, which wins over an inherited variable)
			added.put(ProxySettings.LAUNCH_PROGRAM_SOCKET_PATH, backend.display());
		}
		if (this.settings.properties().getBackend().getProxyProtocol() != ProxyProtocol.OFF) {
			// the starter in the program then requires (and trusts) the header on
			// the socket it binds at LAUNCH_PROGRAM_SOCKET_PATH
			added.put(PROGRAM_SOCKET_PROXY_PROTOCOL, "true");
		}
		boolean loginShell = this.commandLine.loginShell() || this.settings.properties().getChild().isLoginShell();
		// the proxy is the service's main process: the child does not notify systemd
		removed.addAll(List.of(SystemdServiceNotifier.VARIABLES));
		return ChildProgram.of(this.commandLine.program(), loginShell ? LoginShell.find(this.environment) : null,
				this.environment, removed, added);
	}

	private int awaitEnd() {
		ChildSupervisor running = this.child;
		CompletableFuture<Integer> childExit = (running != null) ? running.exit() : new CompletableFuture<>();
		CompletableFuture.anyOf(childExit, this.idleExit).join();
		boolean childEnded = childExit.isDone() && !this.idleExit.isDone();
		int status = childEnded ? childExit.join() : 0;
		if (!this.stopping.compareAndSet(false, true)) {
			// stopped by a signal: the shutdown hook tears down
			return awaitSignalStop();
		}
		if (childEnded && running != null) {
			if (status == SIGTERM_STATUS) {
				// a unit's SuccessExitStatus=143 (there for the proxy's own stop) would
				// take the child's end for a clean stop, and Restart=on-failure would not
				// restart it
				logger.info("Child pid {} exited with status {} (a SIGTERM the proxy did not send): exiting with {}",
						running.pid(), status, CHILD_TERMINATED_STATUS);
				status = CHILD_TERMINATED_STATUS;
			}
			else {
				logger.info("Child pid {} exited with status {}: exiting", running.pid(), status);
			}
		}
		// the idle exit: a connection accepted as the idle time ran out is served by the
		// child before it is stopped
		teardown(!childEnded);
		logger.info("Stopped");
		return status;
	}

	private void stopOnSignal() {
		if (!this.stopping.compareAndSet(false, true)) {
			// a stop began before (the child's exit, the idle time, a failed start): the
			// JVM must not exit before it is done; once done, this is the JVM's exit
			if (this.tornDown.getCount() > 0) {
				logger.info("Stopping on signal: the stop under way goes on");
				awaitTornDown();
			}
			return;
		}
		logger.info("Stopping on signal");
		teardown();
		logger.info("Stopped");
	}

	private void teardown() {
		teardown(false);
	}

	/**
	 * Stop in the order that loses no connection: stop accepting first (connections not
	 * accepted yet wait in the sockets for the next instance, rather than being forwarded
	 * to a child that is stopping), then close the connections queued for a slot the
	 * stopping child will not give, stop the child, which finishes what it serves, then
	 * let the connections still open end, bounded by
	 * {@code proxy.connections.drain-timeout}, and close the rest.
	 * @param drainFirst whether the connections open end (within the drain timeout)
	 * before the child is stopped: at the idle exit, which no one asked for, where they
	 * are connections accepted as the idle time ran out
	 */
	private void teardown(boolean drainFirst) {
		synchronized (this.lifecycle) {
			try {
				stopInOrder(drainFirst);
			}
			finally {
				this.tornDown.countDown();
			}
		}
	}

	private void stopInOrder(boolean drainFirst) {
		Forwarder running = this.forwarder;
		if (running != null) {
			running.stopAccepting();
			int queued = running.queuedConnections();
			logger.info("Stopped accepting: {} connection(s) open{}", running.connections() - queued,
					(queued > 0) ? ", " + queued + " waiting for a slot" : "");
		}
		this.notifier.stopping();
		ManagementServer server = this.management;
		if (server != null) {
			server.close();
		}
		if (drainFirst && running != null) {
			drain(running);
		}
		ChildSupervisor started = this.child;
		if (started != null) {
			if (running != null) {
				// no slot will be had from a child that is stopping
				running.closeQueued();
			}
			started.stop(this.settings.properties().getChild().getStopTimeout());
		}
		if (running != null) {
			if (!drainFirst) {
				drain(running);
			}
			running.close();
		}
		PrivateDirectory created = this.directory;
		if (created != null) {
			created.close();
		}
	}

	private void drain(Forwarder running) {
		Duration drainTimeout = this.settings.properties().getConnections().getDrainTimeout();
		int remaining = running.awaitConnectionsEnded(drainTimeout);
		if (remaining > 0) {
			logger.warn("{} connection(s) still open {} after accepting stopped "
					+ "(proxy.connections.drain-timeout): closing them", remaining, drainTimeout);
		}
	}

	@Override
	public void backendReady() {
		if (this.settings.properties().getNotify().isReadyAfterBackend()) {
			this.notifier.ready("Forwarding; the backend accepts");
		}
	}

	@Override
	public void idle() {
		this.idleExit.complete(0);
	}

	/**
	 * Return the counters of the data path.
	 * @return the stats
	 */
	public ForwardingStats stats() {
		return this.stats;
	}

	/**
	 * Wait while the shutdown hook tears down: the JVM exits (with the signal's status)
	 * when it is done.
	 * @return the exit status, should the JVM not have exited
	 */
	private int awaitSignalStop() {
		awaitTornDown();
		return SIGTERM_STATUS;
	}

	private void awaitTornDown() {
		try {
			this.tornDown.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closePlaceholder(ActivatedSocket socket) {
		try {
			ServerSocketChannel placeholder = socket.channel();
			placeholder.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The process environment as the core sees it, without
	 * {@code LAUNCH_PROGRAM_SOCKET_PATH}: for the proxy that variable names the backend,
	 * never a socket to serve.
	 */
	private static final class CoreEnvironment implements ActivationEnvironment {

		private final ActivationEnvironment system = ActivationEnvironment.system();

		private final Map<String, String> environment;

		CoreEnvironment(Map<String, String> environment) {
			this.environment = environment;
		}

		@Override
		public @Nullable String get(String name) {
			return name.equals(ProxySettings.LAUNCH_PROGRAM_SOCKET_PATH) ? null : this.environment.get(name);
		}

		@Override
		public long pid() {
			return this.system.pid();
		}

		@Override
		public OptionalLong pidfdId() {
			return this.system.pidfdId();
		}

		@Override
		public void unset(String... names) {
			this.system.unset(names);
		}

	}

}
