package io.socketactivation.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.collections.SynchronizedStack;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketBufferHandler;
import org.jspecify.annotations.Nullable;

import io.socketactivation.AbstractUnixSocketAddress;
import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketActivationException;
import io.socketactivation.proxyprotocol.ProxyHeader;
import io.socketactivation.proxyprotocol.ProxyHeaderReader;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;

/**
 * A {@link NioEndpoint} that serves an adopted listening socket instead of binding one.
 * <ul>
 * <li>It never binds, and never unlinks a Unix socket path: the service manager owns the
 * socket; closing our channel leaves the manager's copy listening for the next
 * start.</li>
 * <li>Its acceptor waits in a selector, so pausing and stopping wake it with
 * {@link Selector#wakeup()} instead of Tomcat's connect-to-self, which on a shared socket
 * could take and drop a real client's connection.</li>
 * <li>Pausing (the start of a graceful shutdown) only stops accepting: connections
 * already accepted are still served, then the endpoint stops (see {@link #pause()}).</li>
 * <li>A connection accepted in the instant the endpoint pauses is served (without
 * keep-alive once the socket is closed), never dropped: it came from the manager's queue
 * and no other process would see it.</li>
 * <li>It reports the socket's real address; the adopted JDK channel still believes it is
 * bound to a throwaway address.</li>
 * <li>With {@link #setProxyProtocol(boolean) the PROXY protocol} on, every connection
 * must start with a PROXY protocol header (v1 or v2), read before the connection enters
 * Tomcat's processing: at once when it has arrived with the connection (the usual case),
 * else on a worker thread, never on the acceptor, for at most
 * {@link #setProxyHeaderTimeout(Duration) the header timeout}. The client it names is the
 * request's remote address and port; a connection without a valid header is closed, and
 * counted.</li>
 * </ul>
 *
 * @author socket-activation contributors
 */
public class AdoptedNioEndpoint extends NioEndpoint {

	private static final Log logger = LogFactory.getLog(AdoptedNioEndpoint.class);

	private volatile @Nullable ActivatedSocket socket;

	private volatile @Nullable ServerSocketChannel channel;

	private volatile @Nullable Selector acceptSelector;

	private boolean servingLateConnection;

	private volatile boolean acceptingStopped;

	private final Object acceptLock = new Object();

	private final DuplicateAcceptGuard duplicateAccepts = new DuplicateAcceptGuard();

	private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final AtomicLong acceptedConnections = new AtomicLong();

	private volatile boolean proxyProtocol;

	private volatile Duration proxyHeaderTimeout = ProxyProtocolPolicy.DEFAULT_HEADER_TIMEOUT;

	private final AtomicLong refusedConnections = new AtomicLong();

	private final Set<Selector> proxyHeaderWaits = ConcurrentHashMap.newKeySet();

	private final AtomicInteger awaitingProxyHeader = new AtomicInteger();

	private volatile boolean proxyHeaderWaitsAbandoned;

	/**
	 * Assign the socket this endpoint serves. Must be called before the connector starts.
	 * @param socket the adopted socket
	 */
	public void adopt(ActivatedSocket socket) {
		if (socket.address() instanceof AbstractUnixSocketAddress) {
			// Tomcat would treat its connections as TCP ones, and fail every one
			throw new SocketActivationException(
					socket.describe() + " is a Linux abstract Unix socket, which Tomcat cannot serve.",
					"Give the socket a path (ListenStream=/run/app/http.sock), or serve it with Jetty.");
		}
		this.socket = socket;
		if (socket.address() instanceof UnixDomainSocketAddress unix) {
			// keeps NioEndpoint from calling socket() on accepted Unix channels;
			// every method that would bind, connect to or delete this path is
			// overridden here
			setUnixDomainSocketPath(unix.getPath().toString());
		}
	}

	/**
	 * Return the socket this endpoint serves.
	 * @return the socket, or {@code null} before {@link #adopt(ActivatedSocket)}
	 */
	public @Nullable ActivatedSocket getAdoptedSocket() {
		return this.socket;
	}

	/**
	 * Set whether every connection must start with a PROXY protocol header, whose client
	 * address then is the connection's remote address. Must be set before the connector
	 * starts.
	 * @param proxyProtocol whether the header is required
	 */
	public void setProxyProtocol(boolean proxyProtocol) {
		this.proxyProtocol = proxyProtocol;
	}

	/**
	 * Set how long a connection may take to send its complete PROXY protocol header.
	 * @param timeout the timeout, positive
	 */
	public void setProxyHeaderTimeout(Duration timeout) {
		this.proxyHeaderTimeout = timeout;
	}

	/**
	 * Whether every connection must start with a PROXY protocol header.
	 * @return {@code true} if the header is required
	 */
	public boolean isProxyProtocol() {
		return this.proxyProtocol;
	}

	@Override
	protected void initServerSocket() throws Exception {
		ActivatedSocket socket = this.socket;
		if (socket == null) {
			throw new IllegalStateException("No adopted socket was assigned to " + getName());
		}
		ServerSocketChannel channel = socket.openChannel();
		channel.configureBlocking(false);
		Selector selector = Selector.open();
		channel.register(selector, SelectionKey.OP_ACCEPT);
		this.acceptSelector = selector;
		this.channel = channel;
	}

	@Override
	protected @Nullable NetworkChannel getServerSocket() {
		ServerSocketChannel channel = this.channel;
		ActivatedSocket socket = this.socket;
		return (channel != null && socket != null) ? new AdoptedServerSocket(channel, socket.address()) : null;
	}

	@Override
	protected @Nullable SocketChannel serverSocketAccept() throws Exception {
		while (true) {
			ServerSocketChannel channel = this.channel;
			Selector selector = this.acceptSelector;
			if (channel == null || selector == null || !isRunning() || isPaused()) {
				// closed or stopping: the Acceptor passes null to destroySocket and ends
				return null;
			}
			if (this.acceptingStopped) {
				awaitResumeOrStop();
				continue;
			}
			try {
				SocketChannel accepted = channel.accept();
				if (accepted != null) {
					try {
						this.duplicateAccepts.check(accepted.getRemoteAddress(), System.nanoTime());
					}
					catch (IOException ex) {
						// its own descriptor: the connection stays with the first
						accepted.close();
						throw ex;
					}
					return accepted;
				}
				selector.select();
				selector.selectedKeys().clear();
			}
			catch (ClosedChannelException | ClosedSelectorException ex) {
				// closed while waiting: the next round returns null
			}
		}
	}

	private void awaitResumeOrStop() throws InterruptedException {
		synchronized (this.acceptLock) {
			if (this.acceptingStopped) {
				this.acceptLock.wait(100);
			}
		}
	}

	/**
	 * Stop accepting, and only that. Tomcat's own pause also makes its HTTP processor
	 * close, unanswered, every connection whose request it has not started on: on a
	 * socket shared with the service manager, a connection accepted a moment before the
	 * pause would be lost. Tomcat's pause comes in {@link #stopInternal()}, after those
	 * connections were served.
	 */
	@Override
	public void pause() {
		if (isRunning() && !this.acceptingStopped) {
			this.acceptingStopped = true;
			unlockAccept();
			getHandler().pause();
		}
	}

	@Override
	public void resume() {
		this.acceptingStopped = false;
		super.resume();
		unlockAccept();
	}

	@Override
	protected boolean setSocketOptions(SocketChannel socket) {
		this.acceptedConnections.incrementAndGet();
		return this.proxyProtocol ? receiveProxyHeader(socket) : super.setSocketOptions(socket);
	}

	/**
	 * Read the connection's PROXY protocol header without blocking; when it has not
	 * arrived completely, wait for the rest on a worker thread.
	 * @param socket the accepted connection
	 * @return {@code true}: the connection is served, waited for or closed here
	 */
	private boolean receiveProxyHeader(SocketChannel socket) {
		ProxyHeaderReader reader = new ProxyHeaderReader();
		try {
			socket.configureBlocking(false);
			ProxyHeader header = reader.read(socket);
			if (header != null) {
				return serveProxied(socket, header);
			}
			this.awaitingProxyHeader.incrementAndGet();
			try {
				getExecutor().execute(() -> awaitProxyHeader(socket, reader));
			}
			catch (RejectedExecutionException ex) {
				this.awaitingProxyHeader.decrementAndGet();
				throw ex;
			}
		}
		catch (IOException | RejectedExecutionException ex) {
			refuse(socket, ex);
		}
		return true;
	}

	private void awaitProxyHeader(SocketChannel socket, ProxyHeaderReader reader) {
		try {
			ProxyHeader header;
			try {
				header = awaitProxyHeaderInSelector(socket, reader);
			}
			catch (IOException | ClosedSelectorException ex) {
				refuse(socket, ex);
				return;
			}
			if (!serveProxied(socket, header)) {
				closeSocket(socket);
			}
		}
		finally {
			this.awaitingProxyHeader.decrementAndGet();
		}
	}

	private ProxyHeader awaitProxyHeaderInSelector(SocketChannel socket, ProxyHeaderReader reader) throws IOException {
		// closed before the connection is registered with Tomcat's poller
		try (Selector selector = Selector.open()) {
			this.proxyHeaderWaits.add(selector);
			try {
				socket.register(selector, SelectionKey.OP_READ);
				Duration timeout = this.proxyHeaderTimeout;
				long deadline = System.nanoTime() + timeout.toNanos();
				while (true) {
					long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
					if (remaining <= 0) {
						throw new SocketTimeoutException("No complete PROXY protocol header within "
								+ timeout.toMillis() + " ms (" + reader.bytesRead() + " bytes)");
					}
					if (this.proxyHeaderWaitsAbandoned) {
						throw new IOException("The connector stopped while waiting for a PROXY protocol header");
					}
					selector.select(remaining);
					selector.selectedKeys().clear();
					ProxyHeader header = reader.read(socket);
					if (header != null) {
						return header;
					}
				}
			}
			finally {
				this.proxyHeaderWaits.remove(selector);
			}
		}
	}

	/**
	 * Hand the connection to Tomcat's poller, as {@link NioEndpoint#setSocketOptions}
	 * does, with a socket wrapper that reports the client the header names (the
	 * connection's own peer for a {@code LOCAL} or {@code UNKNOWN} header).
	 */
	private boolean serveProxied(SocketChannel socket, ProxyHeader header) {
		InetSocketAddress client = header.clientAddress();
		if (client == null) {
			return super.setSocketOptions(socket);
		}
		NioSocketWrapper socketWrapper = null;
		try {
			// as NioEndpoint.setSocketOptions (Tomcat 11.0.22), with our wrapper
			NioChannel channel = null;
			SynchronizedStack<NioChannel> channels = getNioChannels();
			if (channels != null) {
				channel = channels.pop();
			}
			if (channel == null) {
				channel = createChannel(new SocketBufferHandler(this.socketProperties.getAppReadBufSize(),
						this.socketProperties.getAppWriteBufSize(), this.socketProperties.getDirectBuffer()));
			}
			NioSocketWrapper wrapper = new ClientAddressSocketWrapper(channel, this, client);
			channel.reset(socket, wrapper);
			this.connections.put(socket, wrapper);
			socketWrapper = wrapper;
			socket.configureBlocking(false);
			if (getUnixDomainSocketPath() == null) {
				this.socketProperties.setProperties(socket.socket());
			}
			wrapper.setReadTimeout(getConnectionTimeout());
			wrapper.setWriteTimeout(getConnectionTimeout());
			wrapper.setKeepAliveLeft(getMaxKeepAliveRequests());
			getPoller().register(wrapper);
			return true;
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Serving a connection to " + describeSocket() + " failed", ex);
			if (socketWrapper == null) {
				super.destroySocket(socket);
			}
			return false;
		}
	}

	private void refuse(SocketChannel socket, Exception reason) {
		this.refusedConnections.incrementAndGet();
		if (logger.isDebugEnabled()) {
			logger.debug("Closed a connection to " + describeSocket() + " without a valid PROXY protocol header: "
					+ reason.getMessage());
		}
		super.destroySocket(socket);
	}

	private String describeSocket() {
		ActivatedSocket socket = this.socket;
		return (socket != null) ? socket.describe() : getName();
	}

	/**
	 * Return how many connections this endpoint has accepted since it started.
	 * @return the number of accepted connections
	 */
	public long getAcceptedConnections() {
		return this.acceptedConnections.get();
	}

	/**
	 * Return how many connections this endpoint has closed unserved for want of a valid
	 * PROXY protocol header in time.
	 * @return the number of refused connections
	 */
	public long getRefusedConnections() {
		return this.refusedConnections.get();
	}

	/**
	 * Return how many connections are open now. Unlike {@link #getConnectionCount()},
	 * which also counts the slot the acceptor holds while it waits, this counts only
	 * connections.
	 * @return the number of open connections
	 */
	public int getOpenConnections() {
		return this.connections.size();
	}

	/**
	 * Stop, after letting the connections already accepted be served. Boot's graceful
	 * shutdown waits only for requests that reached a servlet: a connection accepted just
	 * before the pause, its request still on the way, would be closed here, and on a
	 * socket shared with the service manager no other instance would ever see it.
	 * Keep-alive is off once the socket is closed, so served connections close by
	 * themselves; the wait is bounded for idle ones.
	 */
	@Override
	public void startInternal() throws Exception {
		this.proxyHeaderWaitsAbandoned = false;
		super.startInternal();
	}

	@Override
	public void stopInternal() {
		// stop accepting first (a no-op after a graceful shutdown's pause)
		pause();
		long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
		while (isRunning() && (!this.connections.isEmpty() || this.awaitingProxyHeader.get() > 0)
				&& System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		// connections still without their PROXY header are closed
		this.proxyHeaderWaitsAbandoned = true;
		this.proxyHeaderWaits.forEach(Selector::wakeup);
		// now Tomcat's own pause, which its stop expects
		super.pause();
		super.stopInternal();
	}

	@Override
	protected void unlockAccept() {
		Selector selector = this.acceptSelector;
		if (selector != null) {
			selector.wakeup();
		}
		synchronized (this.acceptLock) {
			this.acceptLock.notifyAll();
		}
	}

	@Override
	protected void destroySocket(@Nullable SocketChannel socket) {
		if (socket == null) {
			countDownConnection();
			return;
		}
		if (isRunning() && !this.servingLateConnection) {
			// accepted as the endpoint paused: serve it rather than drop a client
			this.servingLateConnection = true;
			try {
				if (!setSocketOptions(socket)) {
					closeSocket(socket);
				}
			}
			finally {
				this.servingLateConnection = false;
			}
			return;
		}
		super.destroySocket(socket);
	}

	@Override
	protected void doCloseServerSocket() throws IOException {
		ServerSocketChannel channel = this.channel;
		this.channel = null;
		Selector selector = this.acceptSelector;
		this.acceptSelector = null;
		unlockAccept();
		try {
			if (selector != null) {
				selector.close();
			}
		}
		finally {
			if (channel != null) {
				// closes this process's descriptor only: no shutdown(), no unlink()
				channel.close();
			}
		}
	}

	/**
	 * The adopted channel as Tomcat sees it: reporting the socket's real address.
	 */
	private static final class AdoptedServerSocket implements NetworkChannel {

		private final ServerSocketChannel channel;

		private final SocketAddress address;

		AdoptedServerSocket(ServerSocketChannel channel, SocketAddress address) {
			this.channel = channel;
			this.address = address;
		}

		@Override
		public NetworkChannel bind(SocketAddress local) {
			throw new UnsupportedOperationException("An adopted socket is already bound to " + this.address);
		}

		@Override
		public SocketAddress getLocalAddress() {
			return this.address;
		}

		@Override
		public <T> NetworkChannel setOption(SocketOption<T> name, T value) throws IOException {
			this.channel.setOption(name, value);
			return this;
		}

		@Override
		public <T> T getOption(SocketOption<T> name) throws IOException {
			return this.channel.getOption(name);
		}

		@Override
		public Set<SocketOption<?>> supportedOptions() {
			return this.channel.supportedOptions();
		}

		@Override
		public boolean isOpen() {
			return this.channel.isOpen();
		}

		@Override
		public void close() throws IOException {
			this.channel.close();
		}

	}

}
