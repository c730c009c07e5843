package io.socketactivation.proxy.forward;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxyProperties;

/**
 * The data path: accepts on the activated listening sockets with Netty (epoll, kqueue or
 * NIO: see {@link Transport}), admits connections within the limits, and forwards each to
 * the backend. Every event loop accepts on every socket (each on its own duplicate of the
 * fd; NIO has one acceptor) and serves the connections it accepted, backend included, so
 * a connection never changes threads. Runs without Spring, so the first connection is
 * forwarded while the rest of the application is still starting.
 *
 * @author socket-activation contributors
 */
public final class Forwarder implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Forwarder.class);

	private static final int PROBE_CONNECT_TIMEOUT_MILLIS = 5000;

	private final ProxyProperties properties;

	private final Transport transport;

	private final BackendAddress backend;

	private final ForwardingStats stats;

	private final ForwardingListener listener;

	private final EventLoopGroup group;

	private final List<EventLoop> loops = new ArrayList<>();

	/** Looks a TCP backend's host name up at each connection, off the event loops. */
	private final OffLoopResolverGroup resolvers = new OffLoopResolverGroup();

	private final BackendDialer backendDialer;

	private final Admission admission;

	private final List<Channel> listeners = new ArrayList<>();

	private final AtomicBoolean backendSeen = new AtomicBoolean();

	/**
	 * Connections closed unforwarded since the backend last accepted one, as it did not
	 * accept them in time: one warning for the first, one line when it accepts again.
	 */
	private final AtomicLong closedWhileUnavailable = new AtomicLong();

	private final long startNanos = System.nanoTime();

	private Forwarder(Transport transport, ProxyProperties properties, BackendAddress backend, ForwardingStats stats,
			ForwardingListener listener) {
		this.transport = transport;
		this.properties = properties;
		this.backend = backend;
		this.stats = stats;
		this.listener = listener;
		// one thread per processor (Netty's default is two): forwarding is all I/O,
		// and the backend needs the processors too
		this.group = new MultiThreadIoEventLoopGroup(properties.threadsOrDefault(),
				new DefaultThreadFactory("proxy", true), transport.ioHandlerFactory());
		this.group.forEach((executor) -> this.loops.add((EventLoop) executor));
		ChannelFactory<Channel> backendChannels = () -> configure(transport.backendChannel(backend));
		// TCP channels (client and backend) have TCP_NODELAY set by Netty when they are
		// created: setting it again would cost a system call per connection
		this.backendDialer = new BackendDialer(new Bootstrap().channelFactory(backendChannels).disableResolver(),
				transport.backendSocketAddress(backend), this.resolvers);
		this.admission = new Admission(this.loops.get(0), properties.getConnections(), stats, this::admit,
				properties.getExitIdleTime(), listener::idle);
	}

	/**
	 * Configure a client or backend channel: half-closure on, and buffers from Netty's
	 * pooled allocator rather than its default (4.2: the adaptive one), which cost more
	 * CPU per connection here and moved less (docs/performance.md).
	 */
	private static Channel configure(Channel channel) {
		channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
		// NIO's Unix channel has no half-closure (Netty 4.2): its end of input closes it
		if (channel.config() instanceof DuplexChannelConfig duplex) {
			duplex.setAllowHalfClosure(true);
		}
		return channel;
	}

	/**
	 * Start accepting on the sockets and forwarding to the backend.
	 * @param transport the transport, the one the sockets were collected for
	 * @param sockets the activated listening sockets (their fds are owned from now on)
	 * @param backend where to forward
	 * @param properties the settings
	 * @param stats the counters to update
	 * @param listener told about lifecycle events
	 * @return the running forwarder
	 */
	public static Forwarder start(Transport transport, List<ActivatedSocket> sockets, BackendAddress backend,
			ProxyProperties properties, ForwardingStats stats, ForwardingListener listener) {
		Forwarder forwarder = new Forwarder(transport, properties, backend, stats, listener);
		try {
			for (ActivatedSocket socket : sockets) {
				forwarder.listen(socket);
			}
		}
		catch (RuntimeException ex) {
			forwarder.close();
			throw ex;
		}
		forwarder.admission.start();
		return forwarder;
	}

	private void listen(ActivatedSocket socket) {
		List<ServerChannel> channels = this.transport.serverChannels(socket, this.loops.size());
		for (int i = 0; i < channels.size(); i++) {
			ServerChannel channel = channels.get(i);
			channel.pipeline().addLast(new AcceptHandler());
			ChannelFuture registered = this.loops.get(i).register(channel).syncUninterruptibly();
			if (!registered.isSuccess()) {
				channels.subList(i, channels.size()).forEach((unregistered) -> unregistered.unsafe().closeForcibly());
				throw new IllegalStateException("Cannot accept on " + socket.describe(), registered.cause());
			}
			this.listeners.add(channel);
		}
		logger.info("Forwarding {} to {} ({}, {})", socket.describe(), this.backend.display(),
				this.transport.name().toLowerCase(Locale.ROOT),
				(channels.size() > 1) ? "accepting on " + channels.size() + " event loops" : "one acceptor");
	}

	/**
	 * Register an admitted connection on the event loop running this code (the one that
	 * accepted it, or for a queued connection the one that closed another), so that it
	 * never changes threads; with one acceptor for all loops (NIO), on the next loop.
	 * @param client the connection
	 * @param acceptedNanos when it was accepted
	 * @param admittedNanos when it was admitted (later if it waited for a slot)
	 */
	private void admit(Channel client, long acceptedNanos, long admittedNanos) {
		// nothing is forwarded until the backend is connected: one read at most meanwhile
		client.config().setAutoRead(false);
		this.transport.prepareAccepted(client);
		configure(client);
		ForwardedConnection connection = new ForwardedConnection(client, this, acceptedNanos, admittedNanos);
		currentLoopOrNext().register(client).addListener((ChannelFuture registered) -> {
			if (registered.isSuccess()) {
				connection.start();
			}
			else {
				client.unsafe().closeForcibly();
				connection.inactive(ForwardedConnection.Side.CLIENT);
			}
		});
	}

	private EventLoop currentLoopOrNext() {
		if (this.transport.acceptsOnEveryLoop()) {
			for (EventLoop loop : this.loops) {
				if (loop.inEventLoop()) {
					return loop;
				}
			}
		}
		return this.group.next();
	}

	Transport transport() {
		return this.transport;
	}

	ProxyProperties properties() {
		return this.properties;
	}

	ForwardingStats stats() {
		return this.stats;
	}

	BackendDialer backendDialer() {
		return this.backendDialer;
	}

	String backendDisplay() {
		return this.backend.display();
	}

	/**
	 * Dial the backend until it accepts a connection, with the back-off of the
	 * connections waiting for it and no deadline, so that a backend that becomes ready is
	 * seen even when no client connects (the service manager waits for readiness, not for
	 * a client). Stops once the backend accepted, a forwarded connection included, or the
	 * forwarder stops.
	 */
	public void probeBackendUntilItAccepts() {
		EventLoop loop = this.loops.get(0);
		loop.execute(() -> probe(loop, 1, this.properties.getBackend().getRetryInitialDelay().toNanos()));
	}

	private void probe(EventLoop loop, int attempt, long delayNanos) {
		if (this.backendSeen.get() || loop.isShuttingDown()) {
			return;
		}
		dialOnce(loop, PROBE_CONNECT_TIMEOUT_MILLIS, (failure) -> {
			if (failure == null) {
				if (this.backendSeen.compareAndSet(false, true)) {
					logger.info("Backend {} accepted a probe ({} ms after start, {} attempts)", this.backend.display(),
							TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos), attempt);
					this.listener.backendReady();
				}
			}
			else if (!loop.isShuttingDown()) {
				logger.debug("Backend {} does not accept yet ({}): probing again in {} ms", this.backend.display(),
						failure.toString(), TimeUnit.NANOSECONDS.toMillis(delayNanos));
				long next = Math.min(delayNanos * 2, this.properties.getBackend().getRetryMaxDelay().toNanos());
				loop.schedule(() -> probe(loop, attempt + 1, next), delayNanos, TimeUnit.NANOSECONDS);
			}
		});
	}

	/**
	 * Check whether the backend accepts a connection now: dial it once.
	 * @param timeout how long the connection may take
	 * @return completes with whether it was accepted
	 */
	public CompletableFuture<Boolean> checkBackend(Duration timeout) {
		CompletableFuture<Boolean> accepted = new CompletableFuture<>();
		EventLoop loop = this.loops.get(0);
		try {
			loop.execute(() -> dialOnce(loop, (int) Math.max(1, Math.min(timeout.toMillis(), Integer.MAX_VALUE)),
					(failure) -> accepted.complete(failure == null)));
		}
		catch (RejectedExecutionException ex) {
			accepted.complete(false); // stopping
		}
		return accepted;
	}

	/**
	 * Dial the backend once and close the connection at once, after the PROXY header's
	 * health-check form ({@code UNKNOWN}, {@code LOCAL}) when the backend expects a
	 * header.
	 * @param loop the event loop to dial on
	 * @param timeoutMillis how long the connection may take
	 * @param outcome given {@code null} once the backend accepted, else why not
	 */
	private void dialOnce(EventLoop loop, int timeoutMillis, Consumer<@Nullable Throwable> outcome) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		this.backendDialer.dial(loop, deadline, new ChannelInboundHandlerAdapter())
			.addListener((Future<Channel> connected) -> {
				if (connected.isSuccess()) {
					byte[] header = ProxyProtocolHeader.encode(this.properties.getBackend().getProxyProtocol(), null,
							null);
					connected.getNow()
						.writeAndFlush(Unpooled.wrappedBuffer(header))
						.addListener(ChannelFutureListener.CLOSE);
				}
				outcome.accept(connected.isSuccess() ? null : connected.cause());
			});
	}

	/**
	 * Whether every event loop runs a task within the given time. A loop that does not
	 * (its thread blocked or busy without end) forwards nothing: the systemd watchdog
	 * asks this before each ping.
	 * @param within how long to wait for all of them
	 * @return whether they all ran it
	 */
	public boolean eventLoopsAnswer(Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		List<Future<?>> answers = new ArrayList<>();
		try {
			for (EventLoop loop : this.loops) {
				answers.add(loop.submit(() -> {
				}));
			}
		}
		catch (RejectedExecutionException ex) {
			return false; // stopping
		}
		for (Future<?> answer : answers) {
			if (!answer.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A connection gives up on the backend, which did not accept it within the connect
	 * timeout: a warning for the first since the backend last accepted one, the others at
	 * debug level, so that an outage does not log a line per client.
	 * @param client the client's address
	 * @param attempts how many times the backend was dialled
	 * @param lastFailure why the last attempt failed
	 */
	void backendUnavailable(SocketAddress client, int attempts, String lastFailure) {
		boolean first = this.closedWhileUnavailable.getAndIncrement() == 0;
		logger.atLevel(first ? Level.WARN : Level.DEBUG)
			.log("Backend {} did not accept the connection from {} within {} ({} attempts, last: {}): closing it{}",
					this.backend.display(), client, this.properties.getBackend().getConnectTimeout(), attempts,
					lastFailure, first ? "; until the backend accepts one again, the next such connections are "
							+ "logged at debug level" : "");
	}

	void backendConnected(long nanos, int attempts) {
		if (this.closedWhileUnavailable.get() > 0) {
			long closed = this.closedWhileUnavailable.getAndSet(0);
			if (closed > 0) {
				logger.info("Backend {} accepts connections again; {} connection(s) were closed unforwarded before",
						this.backend.display(), closed);
			}
		}
		if (this.backendSeen.compareAndSet(false, true)) {
			logger.info("Backend {} accepted its first connection ({} ms after start, {} ms after accept, {} attempts)",
					this.backend.display(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos),
					TimeUnit.NANOSECONDS.toMillis(nanos), attempts);
			this.listener.backendReady();
		}
	}

	void released() {
		this.admission.release();
	}

	/**
	 * Return the counters of the data path.
	 * @return the stats
	 */
	public ForwardingStats getStats() {
		return this.stats;
	}

	/**
	 * Stop accepting: close every listener, which closes only this process's descriptors
	 * of the sockets, so connections not accepted yet wait in them for the next instance.
	 * The connections accepted go on; the exit idle time no longer counts.
	 */
	public void stopAccepting() {
		this.admission.stop();
		for (Channel channel : this.listeners) {
			channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
		}
	}

	/**
	 * Close the connections waiting for a slot (with
	 * {@code proxy.connections.overflow=queue}), counted as refused: at a stop, once no
	 * slot is to be had for them (the child is stopping, or the drain is over).
	 */
	public void closeQueued() {
		int closed = this.admission.closeQueued();
		if (closed > 0) {
			logger.info("{} queued connection(s) closed unforwarded at the stop (counted as refused)", closed);
		}
	}

	/**
	 * Wait until every connection accepted (forwarded or waiting for a slot) has ended,
	 * for the timeout at most.
	 * @param timeout the longest wait
	 * @return how many connections are still open or waiting
	 */
	public int awaitConnectionsEnded(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (connections() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return connections();
	}

	/**
	 * Return how many connections wait for a slot.
	 * @return the count
	 */
	public int queuedConnections() {
		return this.admission.queued();
	}

	/**
	 * Return how many connections are open or waiting for a slot.
	 * @return the count
	 */
	public int connections() {
		// the admission's own count, not the stats': a queued connection being
		// admitted is counted by the stats neither as queued nor yet as open for a
		// moment
		return this.admission.connections();
	}

	/**
	 * Stop accepting and close every connection.
	 */
	@Override
	public void close() {
		stopAccepting();
		closeQueued();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		this.resolvers.close();
	}

	/**
	 * Accepts connections on a listener; an accept error is counted and logged, and the
	 * listener goes on accepting (after a pause, as the error may be the fd limit).
	 */
	private final class AcceptHandler extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			Forwarder.this.stats.onAccepted();
			Forwarder.this.admission.offer((Channel) msg);
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			Forwarder.this.stats.onError(ErrorKind.ACCEPT);
			logger.warn("Accepting a connection on {} failed: {}; accepting again in 1 s", ctx.channel().localAddress(),
					cause.toString());
			ctx.channel().config().setAutoRead(false);
			ctx.channel().eventLoop().schedule(() -> ctx.channel().config().setAutoRead(true), 1, TimeUnit.SECONDS);
		}

	}

}
