package io.netty.channel.epoll;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.netty.channel.Channel;

/**
 * The interest proxy-app gives an epoll stream channel before it is registered, so that
 * the registration's {@code epoll_ctl(EPOLL_CTL_ADD)} carries it: in Netty's package
 * because the method it needs ({@code AbstractEpollChannel.setFlag}) is protected and the
 * channel classes are final.
 *
 * @author socket-activation contributors
 */
public final class EpollInitialInterest {

	private EpollInitialInterest() {
	}

	/**
	 * Keep an epoll channel in its event loop's epoll set until it is closed: a
	 * workaround for a Netty 4.2.15 bug. When a stream channel waits for no event any
	 * more (after the peer's end of input, with reading paused or the input shut down),
	 * {@code EpollIoHandler} removes its fd from the epoll set but keeps the registration
	 * marked as added, so the next change of interest ({@code EPOLLOUT} for a write that
	 * does not fit the socket buffer, {@code EPOLLIN} to resume reading) fails with
	 * {@code epoll_ctl(..) failed with error(-2): No such file or directory}: a large
	 * response to a client that half-closed broke the connection. Waiting for
	 * {@code EPOLLERR} too, which the kernel reports whether asked or not, keeps the
	 * interest set from ever being empty, as Netty does for its server channels.
	 * @param channel the channel, not registered yet; other channels are left alone
	 * @return the channel
	 */
	public static <C extends Channel> C keepInEpollSet(C channel) {
		return add(channel, Native.EPOLLERR);
	}

	/**
	 * Wait for input from the registration on: Netty adds a channel to the epoll set
	 * without {@code EPOLLIN} and asks for it with a second {@code epoll_ctl} when
	 * reading begins, a system call per channel that this spares. Reading still follows
	 * {@code autoRead}: a channel whose reading is paused reads once when input comes,
	 * and then waits for reading to be resumed, with its interest in input cleared. Call
	 * after {@code autoRead} is set (turning it off clears the interest).
	 * @param channel the channel, not registered yet; other channels are left alone
	 * @return the channel
	 */
	public static <C extends Channel> C readFromRegistration(C channel) {
		return add(channel, Native.EPOLLIN);
	}

	private static <C extends Channel> C add(C channel, int flag) {
		if (channel instanceof AbstractEpollChannel epoll && !epoll.isRegistered()) {
			try {
				epoll.setFlag(flag);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return channel;
	}

}
