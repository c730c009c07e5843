package io.socketactivation.proxy.forward;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

import io.socketactivation.FdStatus;
import io.socketactivation.FileDescriptors;
import io.socketactivation.SocketFamily;

/**
 * Lets the core collect and verify the activated sockets exactly as it does for the
 * starter (every source, every check, the same error messages) but keeps each verified fd
 * open under its own number, for Netty's native transport to adopt with
 * {@code EpollServerSocketChannel(fd)}. The channel the core gets is an unbound
 * placeholder, closed right after collection: only
 * {@link io.socketactivation.ActivatedSocket#fd()} is used.
 *
 * @author socket-activation contributors
 */
public final class RetainedFileDescriptors implements FileDescriptors {

	private final FileDescriptors system = FileDescriptors.system();

	@Override
	public FdStatus inspect(int fd) throws IOException {
		return this.system.inspect(fd);
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
