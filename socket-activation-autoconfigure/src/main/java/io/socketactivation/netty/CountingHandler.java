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
 * on the server channel) and how many of them are open.
 *
 * @author socket-activation contributors
 */
@Sharable
final class CountingHandler extends ChannelInboundHandlerAdapter implements ListenerConnections {

	private final ActivatedSocket socket;

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicInteger open = new AtomicInteger();

	CountingHandler(ActivatedSocket socket) {
		this.socket = socket;
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

}
