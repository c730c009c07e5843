package io.socketactivation.proxy;

import java.util.List;

/**
 * {@link ProxyForwardingIntegrationTests} on Netty's NIO transport
 * ({@code proxy.transport=nio}), the one proxy-app uses where neither epoll nor kqueue is
 * available: the activated sockets are adopted as the JDK channels the activation core
 * makes of them.
 *
 * @author socket-activation contributors
 */
class ProxyNioForwardingIntegrationTests extends ProxyForwardingIntegrationTests {

	@Override
	List<String> transportOptions() {
		return List.of("--proxy.transport=nio");
	}

	@Override
	boolean passesOnBackendHalfClose() {
		return false;
	}

	@Override
	boolean acceptsOnEveryLoop() {
		return false;
	}

	@Override
	boolean showsKernelOutputQueues() {
		return false;
	}

}
