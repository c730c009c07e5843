package io.socketactivation.proxy.forward;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * Dials the backend from an event loop in two steps, both bounded by the caller's
 * deadline: a TCP backend's host name is looked up first, off the loop, and only then is
 * a channel opened and connected. Netty's connect timeout starts once the address is
 * known, so a slow lookup left to Netty's {@link Bootstrap} would hold a connection past
 * its connect timeout. A dial cancelled (its client left) stops at the step it is at: its
 * lookup's result is ignored, its channel closed, and the backend never sees it.
 *
 * @author socket-activation contributors
 */
final class BackendDialer {

	/** A connect taking longer is abandoned, and may be tried again by the caller. */
	static final int MAX_CONNECT_MILLIS = 5000;

	private final Bootstrap bootstrap;

	private final SocketAddress address;

	private final AddressResolverGroup<InetSocketAddress> resolvers;

	/**
	 * Create a dialer.
	 * @param bootstrap opens the backend's channels (with no resolver: it is given
	 * resolved addresses only)
	 * @param address where the backend is; an unresolved {@link InetSocketAddress} is
	 * looked up at each dial
	 * @param resolvers how a host name is looked up
	 */
	BackendDialer(Bootstrap bootstrap, SocketAddress address, AddressResolverGroup<InetSocketAddress> resolvers) {
		this.bootstrap = bootstrap;
		this.address = address;
		this.resolvers = resolvers;
	}

	/**
	 * Dial the backend once; call on the event loop.
	 * @param loop the event loop the channel is to be on, where the result is told
	 * @param deadlineNanos when the dial fails if it has not connected
	 * ({@link System#nanoTime()}), the lookup included; a connect waits
	 * {@value #MAX_CONNECT_MILLIS} ms at most
	 * @param handler the channel's handler
	 * @return completes with the connected channel, or fails; cancel it to give up
	 */
	Future<Channel> dial(EventLoop loop, long deadlineNanos, ChannelHandler handler) {
		Promise<Channel> dialled = loop.newPromise();
		if (this.address instanceof InetSocketAddress named && named.isUnresolved()) {
			lookUp(loop, named, deadlineNanos, handler, dialled);
		}
		else {
			connect(loop, this.address, deadlineNanos, handler, dialled);
		}
		return dialled;
	}

	private void lookUp(EventLoop loop, InetSocketAddress named, long deadlineNanos, ChannelHandler handler,
			Promise<Channel> dialled) {
		Future<InetSocketAddress> lookup = this.resolvers.getResolver(loop).resolve(named);
		// the lookup thread cannot be stopped, only no longer waited for
		ScheduledFuture<?> deadline = loop.schedule(() -> {
			if (dialled.tryFailure(new ConnectTimeoutException(
					"the lookup of " + named.getHostString() + " did not finish in time"))) {
				lookup.cancel(false);
			}
		}, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		dialled.addListener((given) -> {
			if (given.isCancelled()) {
				deadline.cancel(false);
				lookup.cancel(false);
			}
		});
		lookup.addListener((Future<InetSocketAddress> looked) -> {
			deadline.cancel(false);
			if (dialled.isDone()) {
				return; // too late, or no longer wanted
			}
			if (looked.isSuccess()) {
				connect(loop, looked.getNow(), deadlineNanos, handler, dialled);
			}
			else {
				dialled.tryFailure(looked.cause());
			}
		});
	}

	private void connect(EventLoop loop, SocketAddress resolved, long deadlineNanos, ChannelHandler handler,
			Promise<Channel> dialled) {
		long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
		ChannelFuture connecting = this.bootstrap.clone(loop)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(remainingMillis, MAX_CONNECT_MILLIS))
			.handler(handler)
			.connect(resolved);
		dialled.addListener((given) -> {
			if (given.isCancelled()) {
				connecting.channel().close();
			}
		});
		connecting.addListener((ChannelFuture connected) -> {
			if (!connected.isSuccess()) {
				dialled.tryFailure(connected.cause());
			}
			else if (!dialled.trySuccess(connected.channel())) {
				connected.channel().close(); // given up meanwhile
			}
		});
	}

}
