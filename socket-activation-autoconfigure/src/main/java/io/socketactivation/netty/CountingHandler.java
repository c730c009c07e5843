package io.socketactivation.netty;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.actuate.ListenerConnections;

/**
 * Counts the connections a server channel accepts (each arrives as a child channel read
 * on the server channel), how many of them are open, and how many were refused for want
 * of a PROXY protocol header (see {@link ProxyHeaderDeadline}).
 *
 * @author socket-activation contributors
 */
@Sharable
final class CountingHandler extends ChannelInboundHandlerAdapter implements ListenerConnections {

	private final ActivatedSocket socket;

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicInteger open = new AtomicInteger();

	private final boolean proxyHeader;

	private final AtomicLong refused = new AtomicLong();

	CountingHandler(ActivatedSocket socket, boolean proxyHeader) {
		this.socket = socket;
		this.proxyHeader = proxyHeader;
	}

	/**
	 * Count a connection closed unserved for want of a PROXY protocol header.
	 */
	void refused() {
		this.refused.incrementAndGet();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object message) {
		if (message instanceof Channel child) {
			this.accepted.incrementAndGet();
			this.open.incrementAndGet();
			child.closeFuture().addListener((future) -> this.open.decrementAndGet());
		}
		ctx.fireChannelRead(message);
	}

	@Override
	public ActivatedSocket socket() {
		return this.socket;
	}

	@Override
	public long acceptedConnections() {
		return this.accepted.get();
	}

	@Override
	public long openConnections() {
		return this.open.get();
	}

	@Override
	public boolean requiresProxyHeader() {
		return this.proxyHeader;
	}

	@Override
	public long refusedConnections() {
		return this.refused.get();
	}

}
