package io.socketactivation.proxy;

import java.util.List;

import io.netty.channel.uring.IoUring;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@link ProxyForwardingIntegrationTests} on Netty's io_uring transport
 * ({@code proxy.transport=io_uring}): each activated socket is moved onto the fd of an
 * io_uring server channel. Skipped where io_uring is not available (a kernel before 5.9,
 * {@code kernel.io_uring_disabled}, or a seccomp filter such as a container's). A Unix
 * backend's end of input closes the connection here (what it sent still reaches the
 * client), as on NIO.
 *
 * @author socket-activation contributors
 */
@EnabledIf("ioUringAvailable")
class ProxyIoUringForwardingIntegrationTests extends ProxyForwardingIntegrationTests {

	static boolean ioUringAvailable() {
		return IoUring.isAvailable();
	}

	@Override
	List<String> transportOptions() {
		return List.of("--proxy.transport=io_uring");
	}

	@Override
	boolean reachesAbstractSockets() {
		return true;
	}

	/**
	 * Netty 4.2.15's io_uring channels honour {@code allowHalfClosure} only on TCP: a
	 * Unix channel closes at its end of input, as NIO's does.
	 */
	@Override
	boolean passesOnBackendHalfClose() {
		return false;
	}

}
