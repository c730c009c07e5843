package io.socketactivation.netty;

import java.net.SocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Makes an adopted server channel behave as if Reactor Netty bound it.
 * <ul>
 * <li>The bind completes without binding: the socket is bound and listening since the
 * service manager created it (on an already-bound fd the kernel answers
 * {@code EINVAL}).</li>
 * <li>Reading (accepting) waits for that bind. An adopted channel is active as soon as it
 * is registered, which would start accepting before the server bootstrap has installed
 * the handler that takes the accepted connections: the connection that triggered the
 * activation, already waiting in the socket, would be discarded.</li>
 * </ul>
 *
 * @author socket-activation contributors
 */
final class BoundChannelHandler extends ChannelOutboundHandlerAdapter {

	private boolean bound;

	private boolean readRequested;

	@Override
	public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
		this.bound = true;
		promise.setSuccess();
		if (this.readRequested) {
			this.readRequested = false;
			ctx.read();
		}
	}

	@Override
	public void read(ChannelHandlerContext ctx) {
		if (this.bound) {
			ctx.read();
		}
		else {
			this.readRequested = true;
		}
	}

}
