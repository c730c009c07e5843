package io.socketactivation.proxy.forward;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.FdStatus;
import io.socketactivation.FileDescriptors;
import io.socketactivation.SocketFamily;

/**
 * Lets the core collect and verify the activated sockets exactly as it does for the
 * starter (every source, every check, the same error messages) but keeps each verified fd
 * open under its own number, for Netty's native transport to adopt with
 * {@code EpollServerSocketChannel(fd)}. The channel the core gets is an unbound
 * placeholder, closed right after collection: only
 * {@link io.socketactivation.ActivatedSocket#fd()} is used. A socket a JDK server serves
 * instead (the management socket) is adopted later, with {@link #adopt(ActivatedSocket)}.
 *
 * @author socket-activation contributors
 */
public final class RetainedFileDescriptors implements FileDescriptors {

	private final FileDescriptors system = FileDescriptors.system();

	@Override
	public FdStatus inspect(int fd) throws IOException {
		return this.system.inspect(fd);
	}

	/**
	 * Adopt a retained socket as a JDK channel, as the starter adopts every socket, for a
	 * JDK server: its fd is then closed.
	 * @param retained a socket collected with these file descriptors
	 * @return the same socket, on a JDK channel
	 * @throws IOException if it cannot be adopted
	 */
	public static ActivatedSocket adopt(ActivatedSocket retained) throws IOException {
		ServerSocketChannel channel = FileDescriptors.system().adopt(retained.fd(), retained.family());
		return new ActivatedSocket(retained.source(), retained.name(), retained.fd(), retained.family(),
				retained.address(), channel);
	}

	@Override
	public ServerSocketChannel adopt(int fd, SocketFamily family) throws IOException {
		return ServerSocketChannel.open(switch (family) {
			case INET -> StandardProtocolFamily.INET;
			case INET6 -> StandardProtocolFamily.INET6;
			case UNIX -> StandardProtocolFamily.UNIX;
		});
	}

}
