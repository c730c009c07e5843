package io.socketactivation.jetty;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.IO;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

import io.socketactivation.ActivatedSocket;

/**
 * A Jetty connector on an adopted Unix socket. Jetty's own
 * {@code UnixDomainServerConnector} can only bind a path itself (or take fd 0) and
 * deletes the path when it stops; this one serves the socket it is given, accepts in its
 * selector, and never unlinks the path, which belongs to the service manager.
 *
 * @author socket-activation contributors
 */
public final class AdoptedUnixDomainConnector extends AbstractConnector implements AdoptedConnector {

	private final ActivatedSocket socket;

	private final AtomicLong acceptedConnections = new AtomicLong();

	private final SelectorManager selectorManager;

	private final AtomicReference<@Nullable Closeable> acceptor = new AtomicReference<>();

	private final AcceptedConnectionsDrain drain = new AcceptedConnectionsDrain();

	/**
	 * Create a connector serving the given Unix socket with the server's thread pool,
	 * scheduler and buffers.
	 * @param server the server
	 * @param selectors the number of selectors ({@code -1} for Jetty's default)
	 * @param socket the adopted Unix socket
	 * @param factories the connection factories
	 */
	public AdoptedUnixDomainConnector(Server server, int selectors, ActivatedSocket socket,
			ConnectionFactory... factories) {
		super(server, null, null, null, 0, factories);
		this.socket = socket;
		this.selectorManager = new AdoptedSelectorManager(getExecutor(), getScheduler(), selectors);
		this.selectorManager.addEventListener(this.drain);
		addBean(this.selectorManager, true);
	}

	@Override
	public ActivatedSocket getSocket() {
		return this.socket;
	}

	@Override
	public long getAcceptedConnections() {
		return this.acceptedConnections.get();
	}

	@Override
	public int getOpenConnections() {
		return getConnectedEndPoints().size();
	}

	@Override
	protected void onEndPointOpened(EndPoint endPoint) {
		this.acceptedConnections.incrementAndGet();
		super.onEndPointOpened(endPoint);
		this.drain.endPointOpened(endPoint);
	}

	@Override
	protected void doStart() throws Exception {
		ServerSocketChannel channel = this.socket.openChannel();
		super.doStart();
		channel.configureBlocking(false);
		this.acceptor.set(this.selectorManager.acceptor(channel));
	}

	@Override
	public CompletableFuture<Void> shutdown() {
		// with the selector accepting, Jetty's shutdown alone would go on accepting
		setAccepting(false);
		return super.shutdown();
	}

	@Override
	protected void doStop() throws Exception {
		this.drain.stopAcceptingAndDrain(this, this.socket.channel());
		IO.close(this.acceptor.getAndSet(null));
		super.doStop();
		// closes this process's descriptor only: no unlink()
		this.socket.channel().close();
	}

	@Override
	public void setAccepting(boolean accepting) {
		super.setAccepting(accepting);
		if (accepting) {
			if (this.acceptor.get() == null && isStarted()) {
				Closeable registered = this.selectorManager.acceptor(this.socket.channel());
				if (!this.acceptor.compareAndSet(null, registered)) {
					IO.close(registered);
				}
			}
		}
		else {
			IO.close(this.acceptor.getAndSet(null));
		}
	}

	@Override
	protected void accept(int acceptorID) throws IOException {
		// only called with acceptor threads, which this connector does not use
		SocketChannel channel = this.socket.channel().accept();
		if (channel != null) {
			accepted(channel);
		}
	}

	private void accepted(SocketChannel channel) throws IOException {
		channel.configureBlocking(false);
		this.selectorManager.accept(channel);
	}

	@Override
	public Object getTransport() {
		return this.socket.channel();
	}

	@Override
	public String toString() {
		return super.toString() + "{" + this.socket.describe() + "}";
	}

	/**
	 * Accepts in a selector and makes HTTP connections of the accepted channels.
	 */
	private final class AdoptedSelectorManager extends SelectorManager {

		AdoptedSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
			super(executor, scheduler, selectors);
		}

		@Override
		protected void accepted(SelectableChannel channel) throws IOException {
			AdoptedUnixDomainConnector.this.accepted((SocketChannel) channel);
		}

		@Override
		protected EndPoint newEndPoint(SelectableChannel channel, ManagedSelector selector, SelectionKey key) {
			SocketChannelEndPoint endPoint = new SocketChannelEndPoint((SocketChannel) channel, selector, key,
					getScheduler());
			endPoint.setIdleTimeout(getIdleTimeout());
			return endPoint;
		}

		@Override
		public Connection newConnection(SelectableChannel channel, EndPoint endPoint, Object attachment) {
			return getDefaultConnectionFactory().newConnection(AdoptedUnixDomainConnector.this, endPoint);
		}

		@Override
		protected void endPointOpened(EndPoint endPoint) {
			super.endPointOpened(endPoint);
			onEndPointOpened(endPoint);
		}

		@Override
		protected void endPointClosed(EndPoint endPoint) {
			onEndPointClosed(endPoint);
			super.endPointClosed(endPoint);
		}

	}

}
