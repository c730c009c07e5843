package io.socketactivation.netty;

import java.net.SocketAddress;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Completes a bind without binding: the adopted socket is bound and listening since the
 * service manager created it, and Reactor Netty always binds (on an already-bound fd the
 * kernel answers {@code EINVAL}). Used for native channels, whose classes are final.
 *
 * @author socket-activation contributors
 */
@Sharable
final class BoundChannelHandler extends ChannelOutboundHandlerAdapter {

	static final BoundChannelHandler INSTANCE = new BoundChannelHandler();

	private BoundChannelHandler() {
	}

	@Override
	public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
		promise.setSuccess();
	}

}
