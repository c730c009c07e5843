package io.socketactivation.netty;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.netty.channel.socket.nio.NioServerSocketChannel;

import io.socketactivation.ActivatedSocket;

/**
 * Netty's NIO server channel on an adopted JDK channel, reporting the socket's real
 * address (the JDK channel's own is a throwaway); {@link BoundChannelHandler} skips the
 * bind.
 *
 * @author socket-activation contributors
 */
class AdoptedNioServerSocketChannel extends NioServerSocketChannel {

	private final ActivatedSocket socket;

	AdoptedNioServerSocketChannel(ActivatedSocket socket) {
		super(socket.channel());
		this.socket = socket;
	}

	@Override
	protected SocketAddress localAddress0() {
		return this.socket.address();
	}

	@Override
	public InetSocketAddress localAddress() {
		return (InetSocketAddress) this.socket.address();
	}

}
