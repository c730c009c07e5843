package io.socketactivation.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * Tomcat's guard against a kernel bug that returns one TCP connection from two accepts in
 * a row (Tomcat bug 69155): an accept from the remote address of the one before, less
 * than a microsecond later, is refused. {@code NioEndpoint.serverSocketAccept} has it,
 * and {@link AdoptedNioEndpoint}, which overrides that method, keeps it with this class.
 * Unix sockets are not affected, as in Tomcat. Used by the one acceptor thread only.
 *
 * @author socket-activation contributors
 */
final class DuplicateAcceptGuard {

	private static final long WINDOW_NANOS = 1000;

	private @Nullable SocketAddress previousRemote;

	private long previousNanos;

	/**
	 * Check an accepted connection.
	 * @param remote its remote address
	 * @param nanoTime when it was accepted ({@link System#nanoTime()})
	 * @throws IOException if it is the connection accepted just before, again
	 */
	void check(SocketAddress remote, long nanoTime) throws IOException {
		if (!(remote instanceof InetSocketAddress)) {
			return;
		}
		if (remote.equals(this.previousRemote) && nanoTime - this.previousNanos < WINDOW_NANOS) {
			throw new IOException("Duplicate accept detected from " + remote
					+ ": a known OS bug (https://bz.apache.org/bugzilla/show_bug.cgi?id=69155); the second is dropped");
		}
		this.previousRemote = remote;
		this.previousNanos = nanoTime;
	}

}
