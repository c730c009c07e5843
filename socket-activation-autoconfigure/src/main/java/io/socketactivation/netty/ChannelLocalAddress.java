package io.socketactivation.netty;

import java.lang.reflect.Field;
import java.net.SocketAddress;

import io.netty.channel.AbstractChannel;
import io.netty.channel.Channel;

/**
 * Presets the local address a Netty channel reports. Netty's domain server channels learn
 * their address only by binding (and then delete that path when they close, which must
 * never happen to a path the service manager owns), while Reactor Netty and Boot need one
 * to describe the server. {@link AbstractChannel} caches the address in a field, which is
 * set here; nothing else depends on Netty internals.
 *
 * @author socket-activation contributors
 */
final class ChannelLocalAddress {

	private static final Field CACHED_LOCAL_ADDRESS = findField();

	private ChannelLocalAddress() {
	}

	/**
	 * Make the channel report the given local address.
	 * @param channel the channel
	 * @param address the address
	 */
	static void preset(Channel channel, SocketAddress address) {
		try {
			CACHED_LOCAL_ADDRESS.set(channel, address);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot set the local address of " + channel, ex);
		}
	}

	private static Field findField() {
		try {
			Field field = AbstractChannel.class.getDeclaredField("localAddress");
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException("This Netty version cannot serve activated Unix sockets: "
					+ "AbstractChannel has no accessible 'localAddress' field", ex);
		}
	}

}
