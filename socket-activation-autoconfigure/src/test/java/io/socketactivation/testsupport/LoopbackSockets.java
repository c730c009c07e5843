package io.socketactivation.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

import io.socketactivation.AbstractUnixSocketAddress;
import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;

/**
 * Listening loopback sockets standing in for activated ones in in-process tests: the
 * servers only use the channel and the reported address.
 *
 * @author socket-activation contributors
 */
public final class LoopbackSockets {

	private LoopbackSockets() {
	}

	/**
	 * Open a listening socket on an ephemeral loopback port.
	 * @param family {@link SocketFamily#INET} or {@link SocketFamily#INET6}
	 * @param name the name to give it
	 * @param fd the fd number to pretend it came on
	 * @return the socket
	 * @throws IOException on failure
	 */
	public static ActivatedSocket open(SocketFamily family, String name, int fd) throws IOException {
		ProtocolFamily protocolFamily = (family == SocketFamily.INET6) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET;
		ServerSocketChannel channel = ServerSocketChannel.open(protocolFamily);
		String host = (family == SocketFamily.INET6) ? "::1" : "127.0.0.1";
		channel.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
		return new ActivatedSocket(SocketSource.SYSTEMD, name, fd, family, channel.getLocalAddress(), channel);
	}

	/**
	 * Describe a Linux abstract Unix socket ({@code @name}) from systemd, on an unbound
	 * Unix channel: for the servers' refusal of such sockets; the caller closes the
	 * channel.
	 * @param name the name to give it
	 * @param fd the fd number to pretend it came on
	 * @param abstractName the abstract name, without {@code @}
	 * @return the socket
	 * @throws IOException on failure
	 */
	public static ActivatedSocket abstractUnix(String name, int fd, String abstractName) throws IOException {
		return new ActivatedSocket(SocketSource.SYSTEMD, name, fd, SocketFamily.UNIX,
				new AbstractUnixSocketAddress(abstractName), ServerSocketChannel.open(StandardProtocolFamily.UNIX));
	}

}
