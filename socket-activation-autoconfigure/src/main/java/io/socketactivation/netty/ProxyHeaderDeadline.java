package io.socketactivation.netty;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Placed right after Netty's PROXY protocol decoder on a connection that must start with
 * a header: closes the connection when no complete header arrived within the timeout (the
 * decoder waits for ever), and counts the connection as refused when it closes before a
 * header passed, whatever closed it (the decoder, on an invalid header; the timeout; the
 * client). Once the header has passed it removes itself.
 *
 * @author socket-activation contributors
 */
final class ProxyHeaderDeadline extends ChannelInboundHandlerAdapter {

	/** The handler's name in the pipeline. */
	static final String NAME = "socketActivation.proxyHeaderDeadline";

	private static final Log logger = LogFactory.getLog(ProxyHeaderDeadline.class);

	private final Duration timeout;

	private final CountingHandler counter;

	private @Nullable ScheduledFuture<?> deadline;

	private boolean received;

	/**
	 * Create a deadline for one connection.
	 * @param timeout how long the connection may take to send its complete header
	 * @param counter the counter of the socket the connection was accepted on
	 */
	ProxyHeaderDeadline(Duration timeout, CountingHandler counter) {
		this.timeout = timeout;
		this.counter = counter;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.deadline = ctx.executor().schedule(() -> expire(ctx), this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void expire(ChannelHandlerContext ctx) {
		if (!this.received && ctx.channel().isOpen()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Closing " + ctx.channel() + ": no complete PROXY protocol header within "
						+ this.timeout.toMillis() + " ms");
			}
			ctx.close();
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (message instanceof HAProxyMessage) {
			this.received = true;
			cancelDeadline();
			ctx.pipeline().remove(this);
		}
		ctx.fireChannelRead(message);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (!this.received) {
			cancelDeadline();
			this.counter.refused();
		}
		super.channelInactive(ctx);
	}

	private void cancelDeadline() {
		ScheduledFuture<?> deadline = this.deadline;
		if (deadline != null) {
			deadline.cancel(false);
			this.deadline = null;
		}
	}

}
