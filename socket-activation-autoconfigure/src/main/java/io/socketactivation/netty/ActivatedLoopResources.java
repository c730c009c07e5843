package io.socketactivation.netty;

import java.time.Duration;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.ServerSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import io.socketactivation.ActivatedSocket;

/**
 * {@link LoopResources} that hand Reactor Netty the adopted socket's channel when it asks
 * for a server channel, and delegate everything else. Boot applies the resources with
 * {@code runOn(...)} after every server customizer, so this is the one hook that sees the
 * server channel being created.
 *
 * @author socket-activation contributors
 */
class ActivatedLoopResources implements LoopResources {

	private final LoopResources delegate;

	private final ActivatedSocket socket;

	private final List<ChannelHandler> serverHandlers;

	ActivatedLoopResources(LoopResources delegate, ActivatedSocket socket, List<ChannelHandler> serverHandlers) {
		this.delegate = delegate;
		this.socket = socket;
		this.serverHandlers = List.copyOf(serverHandlers);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <CHANNEL extends Channel> CHANNEL onChannel(Class<CHANNEL> channelType, EventLoopGroup group) {
		if (ServerChannel.class.isAssignableFrom(channelType)) {
			// the TCP server channel class names the transport of the group
			// (epoll, kqueue, NIO), whatever the socket's family
			Class<? extends Channel> transportClass = this.delegate.onChannelClass(ServerSocketChannel.class, group);
			ServerChannel channel = AdoptedServerChannels.create(transportClass, this.socket);
			channel.pipeline().addFirst(this.serverHandlers.toArray(ChannelHandler[]::new));
			return (CHANNEL) channel;
		}
		return this.delegate.onChannel(channelType, group);
	}

	@Override
	public <CHANNEL extends Channel> Class<? extends CHANNEL> onChannelClass(Class<CHANNEL> channelType,
			EventLoopGroup group) {
		return this.delegate.onChannelClass(channelType, group);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.delegate.onServer(useNative);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.delegate.onServerSelect(useNative);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.delegate.onClient(useNative);
	}

	@Override
	public boolean daemon() {
		return this.delegate.daemon();
	}

	@Override
	public boolean isDisposed() {
		return this.delegate.isDisposed();
	}

	@Override
	public void dispose() {
		// the delegate belongs to whoever created it
	}

	@Override
	public Mono<Void> disposeLater() {
		return Mono.empty();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return Mono.empty();
	}

}
