package io.socketactivation.proxy.forward;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.DuplexChannelConfig;
import io.netty.channel.unix.Errors;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.proxy.config.ProxyProperties;

/**
 * One client connection and its backend connection. Everything happens on the client's
 * event loop, which the backend connection shares, so there is no locking: the backend is
 * dialled (and redialled with back-off until the connect timeout) while the client's
 * first bytes wait; then bytes flow both ways with backpressure (a side stops reading
 * while its peer cannot take more), an end of input is passed on as a half-close, and the
 * connection closes once both directions have ended or either side fails.
 *
 * @author socket-activation contributors
 */
final class ForwardedConnection {

	private static final Logger logger = LoggerFactory.getLogger(ForwardedConnection.class);

	private final Channel client;

	private final Forwarder forwarder;

	private final ProxyProperties properties;

	private final ForwardingStats stats;

	/** When the connection was accepted: its lifetime and duration count from then. */
	private final long acceptedNanos;

	/**
	 * When it was admitted (later than accepted if it waited for a slot): its connect
	 * timeout and connect time count from then.
	 */
	private final long admittedNanos;

	private final List<Object> pending = new ArrayList<>();

	private @Nullable Channel backend;

	/** The backend's dial under way, cancelled if the connection closes meanwhile. */
	private @Nullable Future<Channel> dialling;

	private long lastActivityNanos;

	/**
	 * The bytes held for both sides (by Netty and by the kernel) that they had not taken
	 * at the last idle check; -1 before the first.
	 */
	private long heldAtLastCheck = -1;

	private long retryDelayNanos;

	private long deadlineNanos;

	private int attempts;

	private boolean clientEnded;

	private boolean backendEnded;

	private boolean closed;

	/**
	 * Whether a side's end of input was seen coming, and its peer holds its last bytes
	 * back to send them with its end of output.
	 */
	private boolean lastBytesHeld;

	/**
	 * The side whose peer closed its whole connection, seen at its end of input: closed
	 * at once, as nothing can be sent to it any more.
	 */
	private @Nullable Side closedByPeer;

	private @Nullable ScheduledFuture<?> timer;

	private @Nullable ScheduledFuture<?> lifetimeTimer;

	/**
	 * Create the connection and put its handler in the client's pipeline; call before the
	 * client is registered, so no event can reach the pipeline without it.
	 * @param client the accepted client connection
	 * @param forwarder the forwarder
	 * @param acceptedNanos when the connection was accepted ({@link System#nanoTime()})
	 * @param admittedNanos when it was admitted
	 */
	ForwardedConnection(Channel client, Forwarder forwarder, long acceptedNanos, long admittedNanos) {
		this.client = client;
		this.acceptedNanos = acceptedNanos;
		this.admittedNanos = admittedNanos;
		this.forwarder = forwarder;
		this.properties = forwarder.properties();
		this.stats = forwarder.stats();
		this.stats.onOpened();
		client.pipeline().addLast(new RelayHandler(this, Side.CLIENT));
	}

	/**
	 * Start forwarding: called on the client's event loop once it is registered.
	 */
	void start() {
		if (this.closed) {
			return;
		}
		this.deadlineNanos = this.admittedNanos + this.properties.getBackend().getConnectTimeout().toNanos();
		this.retryDelayNanos = this.properties.getBackend().getRetryInitialDelay().toNanos();
		Duration lifetime = this.properties.getConnections().getMaxLifetime();
		if (lifetime != null) {
			// from the accept: a connection that waited for a slot has lived that long
			this.lifetimeTimer = this.client.eventLoop()
				.schedule(() -> end(ErrorKind.MAX_LIFETIME),
						this.acceptedNanos + lifetime.toNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
		}
		connect();
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		this.attempts++;
		Future<Channel> dial = this.forwarder.backendDialer()
			.dial(this.client.eventLoop(), this.deadlineNanos, new RelayHandler(this, Side.BACKEND));
		this.dialling = dial;
		dial.addListener((Future<Channel> attempt) -> {
			this.dialling = null;
			if (attempt.isCancelled()) {
				return; // closed meanwhile
			}
			if (attempt.isSuccess()) {
				connected(attempt.getNow());
			}
			else {
				retry(attempt.cause());
			}
		});
	}

	private void retry(Throwable cause) {
		if (this.closed) {
			return;
		}
		long now = System.nanoTime();
		if (now + this.retryDelayNanos - this.deadlineNanos >= 0) {
			this.forwarder.backendUnavailable(this.client.remoteAddress(), this.attempts, describe(cause));
			end(ErrorKind.BACKEND_UNAVAILABLE);
			return;
		}
		this.timer = this.client.eventLoop().schedule(this::connect, this.retryDelayNanos, TimeUnit.NANOSECONDS);
		this.retryDelayNanos = Math.min(this.retryDelayNanos * 2,
				this.properties.getBackend().getRetryMaxDelay().toNanos());
	}

	private static String describe(Throwable connectFailure) {
		if (connectFailure instanceof FileNotFoundException) {
			return "no socket at that path"; // Netty's, without a message
		}
		return (connectFailure.getMessage() != null) ? connectFailure.getMessage() : connectFailure.toString();
	}

	private void connected(Channel backend) {
		if (this.closed) {
			backend.close();
			return;
		}
		this.backend = backend;
		long now = System.nanoTime();
		this.stats.onBackendConnected(now - this.admittedNanos);
		this.forwarder.backendConnected(now - this.admittedNanos, this.attempts);
		logger.debug("Forwarding connection from {} to {} (connected in {} ms, {} attempts)",
				this.client.remoteAddress(), this.forwarder.backendDisplay(),
				TimeUnit.NANOSECONDS.toMillis(now - this.admittedNanos), this.attempts);
		byte[] header = ProxyProtocolHeader.encode(this.properties.getBackend().getProxyProtocol(),
				this.client.remoteAddress(), this.client.localAddress());
		// void promises, as for every write of the data path: a failure reaches
		// failed(), which closes the connection and counts it by kind
		if (header.length > 0) {
			backend.write(Unpooled.wrappedBuffer(header), backend.voidPromise());
		}
		for (Object message : this.pending) {
			backend.write(message, backend.voidPromise());
		}
		this.pending.clear();
		backend.flush();
		if (this.closed) {
			return; // the flush failed
		}
		this.lastActivityNanos = now;
		scheduleIdleCheck();
		if (this.clientEnded) {
			endOutput(backend);
		}
		else {
			this.client.config().setAutoRead(true);
		}
	}

	void read(Side side, Object message) {
		this.lastActivityNanos = System.nanoTime();
		int bytes = readableBytes(message);
		Channel target = peer(side);
		if (side == Side.CLIENT) {
			this.stats.onToBackend(bytes);
			if (target == null) {
				this.pending.add(message);
				return;
			}
		}
		else {
			this.stats.onToClient(bytes);
		}
		if (target == null || this.closed) {
			ReferenceCountUtil.release(message);
			return;
		}
		if (this.closedByPeer == side.other()) {
			// as a write to it would have failed
			ReferenceCountUtil.release(message);
			logger.debug("Closing connection from {}: data for a peer that closed its connection",
					this.client.remoteAddress());
			end(ioError(side.other()));
			return;
		}
		target.write(message, target.voidPromise());
		if (!target.isWritable()) {
			channel(side).config().setAutoRead(false);
		}
	}

	void readComplete(Side side) {
		Channel target = peer(side);
		if (target == null) {
			return;
		}
		if (!this.lastBytesHeld) {
			Channel source = channel(side);
			this.lastBytesHeld = source != null
					&& this.forwarder.transport().holdLastBytesForEndOfOutput(source, target);
		}
		target.flush();
	}

	void writabilityChanged(Side side) {
		Channel source = peer(side);
		if (source != null && channel(side).isWritable() && !ended(side.other())) {
			source.config().setAutoRead(true);
		}
	}

	void inputEnded(Side side) {
		if (side == Side.CLIENT) {
			this.clientEnded = true;
		}
		else {
			this.backendEnded = true;
		}
		Channel target = peer(side);
		if (target == null) {
			return;
		}
		Channel source = channel(side);
		if (ended(side.other())) {
			// both directions have ended: what is still on its way either way goes out
			// (towards this side too: the end passed on to it earlier waits for its
			// peer to take its last bytes), then both close (a close sends the end of
			// input too)
			afterPendingWrites(target, () -> afterPendingWrites(source, this::close));
			return;
		}
		if (source != null && this.forwarder.transport().closedByPeer(source) && !closeHungUp(side, source)) {
			return;
		}
		endOutput(target);
	}

	/**
	 * The peer of a side whose input had ended closed its whole connection since (see
	 * {@link EpollEvents}): close that side, and go on as at an end of input that came
	 * with the hang-up. When the backend is not connected yet, what the client sent still
	 * goes to it once it is.
	 * @param side the side whose peer hung up
	 */
	void peerHungUp(Side side) {
		Channel source = channel(side);
		if (!this.closed && source != null) {
			closeHungUp(side, source);
		}
	}

	/**
	 * Close a side whose peer closed its whole connection (not a half-close): nothing can
	 * be sent to it any more, and epoll would report the socket at every wait until it is
	 * closed.
	 * @param side the side
	 * @param source its channel
	 * @return whether the connection goes on without that side; {@code false} when it
	 * ended, as bytes still pending towards that side cannot reach it
	 */
	private boolean closeHungUp(Side side, Channel source) {
		if (pendingBytes(source) > 0) {
			// as the failure of those writes would have
			end(ioError(side));
			return false;
		}
		this.closedByPeer = side;
		source.close();
		return true;
	}

	/**
	 * Pass an end of input on: once what is pending has gone out, shut the target's
	 * output down. Its input is then all that is left of it, so its end may close it:
	 * half-closure goes off, which spares a shutdown of an input that is over anyway (see
	 * {@link #inactive(Side)}).
	 * @param target the channel whose output ends
	 */
	private void endOutput(Channel target) {
		if (!(target instanceof DuplexChannel duplex)) {
			// no half-close on this channel: what is pending goes out, then both close
			afterPendingWrites(target, this::close);
			return;
		}
		afterPendingWrites(target, () -> this.forwarder.transport().shutdownOutput(duplex).addListener((shut) -> {
			if (!shut.isSuccess()) {
				close();
			}
			else if (target.config() instanceof DuplexChannelConfig config) {
				config.setAllowHalfClosure(false);
			}
		}));
	}

	/**
	 * Run an action once what was written to a channel has gone out: at once when nothing
	 * is pending, which is the common case (a flush follows every read).
	 * @param channel the channel ({@code null}: none, nothing pending)
	 * @param action what to run then; the connection closes instead if the write fails
	 */
	private void afterPendingWrites(@Nullable Channel channel, Runnable action) {
		if (channel == null || pendingBytes(channel) == 0) {
			action.run();
			return;
		}
		channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFuture flushed) -> {
			if (flushed.isSuccess()) {
				action.run();
			}
			else {
				close();
			}
		});
	}

	/**
	 * Return the bytes held for a side that it has not taken: in Netty's outbound buffer,
	 * then in the kernel's socket buffers.
	 */
	private long held(@Nullable Channel channel) {
		return (channel != null) ? pendingBytes(channel) + this.forwarder.transport().queuedOutput(channel) : 0;
	}

	private static long pendingBytes(Channel channel) {
		ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
		return (pending != null) ? pending.totalPendingWriteBytes() : 0;
	}

	private static ErrorKind ioError(Side side) {
		return (side == Side.CLIENT) ? ErrorKind.CLIENT_IO : ErrorKind.BACKEND_IO;
	}

	void inactive(Side side) {
		if (this.closed || side == this.closedByPeer) {
			return;
		}
		if (side == Side.CLIENT && this.backend == null) {
			this.stats.onError(ErrorKind.CLIENT_GONE_WAITING);
			logger.debug("Client {} left before the backend accepted its connection", this.client.remoteAddress());
			close();
			return;
		}
		// closed at its end of input (half-closure off, see inputEnded) or by the peer:
		// what was read from it still reaches the other side
		Channel peer = peer(side);
		if (peer != null && peer.isActive()) {
			afterPendingWrites(peer, this::close);
		}
		else {
			close();
		}
	}

	void failed(Side side, Throwable cause) {
		if (this.closed) {
			return;
		}
		boolean reset = isReset(cause);
		ErrorKind kind = (side == Side.CLIENT) ? (reset ? ErrorKind.CLIENT_RESET : ErrorKind.CLIENT_IO)
				: (reset ? ErrorKind.BACKEND_RESET : ErrorKind.BACKEND_IO);
		if (logger.isTraceEnabled()) {
			logger.trace("Closing connection from {}: {}", this.client.remoteAddress(), kind.tag(), cause);
		}
		else {
			logger.debug("Closing connection from {}: {} ({})", this.client.remoteAddress(), kind.tag(), cause);
		}
		end(kind);
	}

	/**
	 * Whether an I/O failure is a reset by the peer: by its errno for the native
	 * transports (their messages come from {@code strerror}, in the system's language),
	 * by the JDK's message for NIO.
	 */
	static boolean isReset(Throwable cause) {
		if (cause instanceof Errors.NativeIoException nativeFailure) {
			return nativeFailure.expectedErr() == Errors.ERRNO_ECONNRESET_NEGATIVE;
		}
		return cause instanceof IOException && String.valueOf(cause.getMessage()).contains("reset");
	}

	private void end(ErrorKind kind) {
		if (this.closed) {
			return;
		}
		this.stats.onError(kind);
		close();
	}

	private void scheduleIdleCheck() {
		Duration idle = this.properties.getConnections().getIdleTimeout();
		if (idle == null || this.closed) {
			return;
		}
		long now = System.nanoTime();
		long held = held(this.client) + held(this.backend);
		if (this.heldAtLastCheck >= 0 && held != this.heldAtLastCheck) {
			// a side took some of what it was sent (or more was read): a slow reader
			// stops the reading from its peer, but the connection is not idle
			this.lastActivityNanos = now;
		}
		this.heldAtLastCheck = held;
		long idleNanos = now - this.lastActivityNanos;
		long left = idle.toNanos() - idleNanos;
		if (left <= 0) {
			logger.debug("Closing connection from {}: idle for {}", this.client.remoteAddress(), idle);
			end(ErrorKind.IDLE_TIMEOUT);
			return;
		}
		this.timer = this.client.eventLoop().schedule(this::scheduleIdleCheck, left, TimeUnit.NANOSECONDS);
	}

	private void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		cancel(this.timer);
		cancel(this.lifetimeTimer);
		Future<Channel> dial = this.dialling;
		if (dial != null) {
			dial.cancel(false); // no connection to the backend for a client gone
		}
		this.pending.forEach(ReferenceCountUtil::release);
		this.pending.clear();
		this.client.close();
		Channel backend = this.backend;
		if (backend != null) {
			backend.close();
		}
		this.stats.onClosed(System.nanoTime() - this.acceptedNanos);
		this.forwarder.released();
	}

	private static void cancel(@Nullable ScheduledFuture<?> timer) {
		if (timer != null) {
			timer.cancel(false);
		}
	}

	private boolean ended(Side side) {
		return (side == Side.CLIENT) ? this.clientEnded : this.backendEnded;
	}

	private @Nullable Channel channel(Side side) {
		return (side == Side.CLIENT) ? this.client : this.backend;
	}

	private @Nullable Channel peer(Side side) {
		return channel(side.other());
	}

	private static int readableBytes(Object message) {
		if (message instanceof ByteBuf buffer) {
			return buffer.readableBytes();
		}
		return (message instanceof ByteBufHolder holder) ? holder.content().readableBytes() : 0;
	}

	/**
	 * The two sides of a forwarded connection.
	 */
	enum Side {

		/** The client's connection, accepted on an activated socket. */
		CLIENT,

		/** The connection to the backend. */
		BACKEND;

		Side other() {
			return (this == CLIENT) ? BACKEND : CLIENT;
		}

	}

}
