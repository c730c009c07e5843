package io.netty.channel.uring;

import io.netty.channel.ServerChannel;

/**
 * proxy-app's adoption of an activated listening socket on Netty's io_uring transport, in
 * Netty's package because the field it sets ({@code AbstractIoUringChannel.active}) is
 * protected: unlike epoll's and kqueue's, io_uring's server channels have no constructor
 * taking an fd. The caller first moves the activated socket onto the fd number of a new
 * channel's own socket ({@code dup2}), so that the channel serves it; this then marks the
 * channel active, as its bind would, so that it accepts once registered.
 *
 * @author socket-activation contributors
 */
public final class IoUringAdoption {

	private IoUringAdoption() {
	}

	/**
	 * Mark a new, unregistered io_uring server channel as listening: its fd must already
	 * refer to a listening socket.
	 * @param channel an {@link IoUringServerSocketChannel} or
	 * {@link IoUringServerDomainSocketChannel}, not registered yet
	 * @param <C> the channel type
	 * @return the channel
	 * @throws IllegalArgumentException if the channel is not a new io_uring server
	 * channel
	 */
	public static <C extends ServerChannel> C markListening(C channel) {
		if (!(channel instanceof AbstractIoUringServerChannel uring) || uring.isRegistered()) {
			throw new IllegalArgumentException("Not a new io_uring server channel: " + channel);
		}
		uring.active = true;
		return channel;
	}

}
