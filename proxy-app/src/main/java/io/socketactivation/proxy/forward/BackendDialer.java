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
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;

/**
 * Dials the backend from an event loop in two steps, both bounded by the caller's
 * deadline: a TCP backend's host name is looked up first, off the loop, and only then is
 * a channel opened and connected. Netty's connect timeout starts once the address is
 * known, so a slow lookup left to Netty's {@link Bootstrap} would hold a connection past
 * its connect timeout. A dial cancelled (its connection ended) stops at the step it is
 * at: during the lookup, the backend never sees it; a connect under way is closed at once
 * (the backend may have queued the connection already, and then sees it end).
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
		try {
			if (this.address instanceof InetSocketAddress named && named.isUnresolved()) {
				new Lookup(loop, named, deadlineNanos, handler, dialled).start();
			}
			else {
				connect(loop, this.address, deadlineNanos, handler, dialled);
			}
		}
		catch (RuntimeException ex) {
			dialled.tryFailure(ex); // the loop is shutting down
		}
		return dialled;
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

	/**
	 * The lookup step of a dial. Its result, when it comes after the dial was given up,
	 * is dropped: the lookup's thread cannot be stopped, and its promise is not cancelled
	 * (Netty's resolver then warns when it completes it), only no longer listened to, so
	 * nothing of the connection stays reachable from it.
	 */
	private final class Lookup implements GenericFutureListener<Future<InetSocketAddress>> {

		private final EventLoop loop;

		private final InetSocketAddress named;

		private final long deadlineNanos;

		private final ChannelHandler handler;

		private final Promise<Channel> dialled;

		private final Future<InetSocketAddress> lookup;

		private final ScheduledFuture<?> deadline;

		Lookup(EventLoop loop, InetSocketAddress named, long deadlineNanos, ChannelHandler handler,
				Promise<Channel> dialled) {
			this.loop = loop;
			this.named = named;
			this.deadlineNanos = deadlineNanos;
			this.handler = handler;
			this.dialled = dialled;
			this.lookup = BackendDialer.this.resolvers.getResolver(loop).resolve(named);
			this.deadline = loop.schedule(this::timedOut, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
		}

		void start() {
			this.dialled.addListener((given) -> {
				if (given.isCancelled()) {
					stopWaiting();
				}
			});
			this.lookup.addListener(this);
		}

		private void timedOut() {
			if (this.dialled.tryFailure(new ConnectTimeoutException(
					"the lookup of " + this.named.getHostString() + " did not finish in time"))) {
				stopWaiting();
			}
		}

		private void stopWaiting() {
			this.deadline.cancel(false);
			this.lookup.removeListener(this);
		}

		@Override
		public void operationComplete(Future<InetSocketAddress> looked) {
			this.deadline.cancel(false);
			if (this.dialled.isDone()) {
				return; // too late, or no longer wanted
			}
			if (looked.isSuccess()) {
				connect(this.loop, looked.getNow(), this.deadlineNanos, this.handler, this.dialled);
			}
			else {
				this.dialled.tryFailure(looked.cause());
			}
		}

	}

}
