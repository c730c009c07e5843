package io.netty.channel.epoll;

import io.netty.channel.Channel;
import io.netty.channel.IoHandle;
import org.jspecify.annotations.Nullable;

/**
 * The stream channel behind an epoll handle: in Netty's package because the handle's
 * {@code channel()} is package-private.
 *
 * @author socket-activation contributors
 */
public final class EpollStreamHandles {

	private EpollStreamHandles() {
	}

	/**
	 * Return the channel of a handle that is an epoll stream channel's (a connection; not
	 * a listening socket's).
	 * @param handle the handle Netty registered
	 * @return its stream channel, or {@code null} if it is another kind of handle
	 */
	public static @Nullable Channel streamChannel(IoHandle handle) {
		if (handle instanceof AbstractEpollChannel.AbstractEpollUnsafe unsafe
				&& unsafe.channel() instanceof AbstractEpollStreamChannel stream) {
			return stream;
		}
		return null;
	}

}
