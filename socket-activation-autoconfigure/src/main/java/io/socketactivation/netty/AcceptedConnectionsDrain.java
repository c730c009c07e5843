package io.socketactivation.netty;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.server.HttpServerState;

import io.socketactivation.ActivatedSocket;

/**
 * How an adopted server channel stops without losing a client. With the socket shared
 * with the service manager, a connection still queued in the socket goes to the next
 * instance, but one this instance accepted is served by nobody else. Reactor Netty's
 * graceful shutdown closes at once every connection without a request in progress,
 * including one accepted a moment ago whose first request is still on its way. So: stop
 * reading (accepting) on the server channel first and wait until its event loop has
 * applied that, then wait, bounded, until every connection accepted has received its
 * first request or is closed; only then Reactor Netty's graceful shutdown, which closes
 * the server channel (still open: Reactor takes a closed one for a server already
 * disposed, and would not wait for the requests in progress) and waits for the requests
 * in progress.
 * <p>
 * A handler of the server channel (it sees each accepted connection as a child channel
 * read on it) and an observer of the server's connections (it sees each request arrive;
 * over HTTP/2 on a stream, whose parent is the connection).
 *
 * @author socket-activation contributors
 */
@Sharable
final class AcceptedConnectionsDrain extends ChannelInboundHandlerAdapter implements ConnectionObserver {

	private static final Log logger = LogFactory.getLog(AcceptedConnectionsDrain.class);

	private final ActivatedSocket socket;

	private final Set<Channel> awaitingFirstRequest = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Channel serverChannel;

	AcceptedConnectionsDrain(ActivatedSocket socket) {
		this.socket = socket;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.serverChannel = ctx.channel();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (message instanceof Channel child) {
			this.awaitingFirstRequest.add(child);
			child.closeFuture().addListener((future) -> this.awaitingFirstRequest.remove(child));
		}
		ctx.fireChannelRead(message);
	}

	@Override
	public void onStateChange(Connection connection, State newState) {
		if (newState == HttpServerState.REQUEST_RECEIVED) {
			Channel channel = connection.channel();
			this.awaitingFirstRequest.remove(channel);
			Channel parent = channel.parent();
			if (parent != null) {
				this.awaitingFirstRequest.remove(parent);
			}
		}
	}

	/**
	 * Stop accepting: stop reading on the server channel and wait, until the deadline at
	 * most, until its event loop has applied that. The socket stays open.
	 * @param deadline the {@link System#nanoTime()} to give up at
	 */
	void stopAccepting(long deadline) {
		Channel channel = this.serverChannel;
		if (channel == null || !channel.isOpen()) {
			return;
		}
		// on the event loop, the read interest goes at once, whatever read was pending:
		// the next poll reports no connection to accept
		channel.eventLoop().submit(() -> {
			channel.config().setAutoRead(false);
			logger.info("Stopped accepting on " + this.socket.describe() + " (" + this.awaitingFirstRequest.size()
					+ " accepted connection(s) awaiting a first request)");
		}).awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	/**
	 * Wait, until the deadline at most, until every connection accepted has received its
	 * first request or is closed.
	 * @param deadline the {@link System#nanoTime()} to give up at
	 */
	void awaitFirstRequests(long deadline) {
		while (!this.awaitingFirstRequest.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
