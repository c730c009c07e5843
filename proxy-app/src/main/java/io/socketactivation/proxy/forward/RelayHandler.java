package io.socketactivation.proxy.forward;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

import io.socketactivation.proxy.forward.ForwardedConnection.Side;

/**
 * Hands the events of one side of a forwarded connection to the connection.
 *
 * @author socket-activation contributors
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

	private final ForwardedConnection connection;

	private final Side side;

	RelayHandler(ForwardedConnection connection, Side side) {
		this.connection = connection;
		this.side = side;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		this.connection.read(this.side, msg);
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		this.connection.readComplete(this.side);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt == EpollEvents.PeerHungUp.EVENT) {
			this.connection.peerHungUp(this.side);
			return;
		}
		if (evt instanceof ChannelInputShutdownEvent) {
			this.connection.inputEnded(this.side);
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		this.connection.writabilityChanged(this.side);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		this.connection.inactive(this.side);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.connection.failed(this.side, cause);
	}

}
