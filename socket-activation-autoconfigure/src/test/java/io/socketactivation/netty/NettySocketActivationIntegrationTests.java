package io.socketactivation.netty;

import java.util.List;

import io.socketactivation.AbstractSocketActivationIntegrationTests;
import io.socketactivation.testapp.reactive.ReactiveTestApplication;
import io.socketactivation.testsupport.Servers;

/**
 * The socket-activation suite on Reactor Netty (native epoll transport on Linux).
 *
 * @author socket-activation contributors
 */
class NettySocketActivationIntegrationTests extends AbstractSocketActivationIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.NETTY;
	}

	@Override
	protected String mainClass() {
		return ReactiveTestApplication.class.getName();
	}

	@Override
	protected String serverName() {
		return "Netty";
	}

}
