package io.netty.channel.epoll;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.netty.channel.Channel;

/**
 * proxy-app's workaround for a Netty 4.2.15 epoll bug, in Netty's package because the
 * method it needs ({@code AbstractEpollChannel.setFlag}) is protected and the channel
 * classes are final.
 * <p>
 * When a stream channel waits for no event any more (after the peer's end of input, with
 * reading paused or the input shut down), {@code EpollIoHandler} removes its fd from the
 * epoll set but keeps the registration marked as added, so the next change of interest
 * ({@code EPOLLOUT} for a write that does not fit the socket buffer, {@code EPOLLIN} to
 * resume reading) fails with {@code epoll_ctl(..) failed with error(-2): No such file or
 * directory}: a large response to a client that half-closed broke the connection. Waiting
 * for {@code EPOLLERR} too, which the kernel reports whether asked or not, keeps the
 * interest set from ever being empty, as Netty does for its server channels.
 *
 * @author socket-activation contributors
 */
public final class EpollInterestWorkaround {

	private EpollInterestWorkaround() {
	}

	/**
	 * Keep an epoll channel in its event loop's epoll set until it is closed. Call before
	 * the channel is registered (its interest is then submitted with the registration, so
	 * no event can be handled in between). Other channels are left alone.
	 * @param channel the channel, not registered yet
	 * @return the channel
	 */
	public static <C extends Channel> C keepInEpollSet(C channel) {
		if (channel instanceof AbstractEpollChannel epoll && !epoll.isRegistered()) {
			try {
				epoll.setFlag(Native.EPOLLERR);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return channel;
	}

}
