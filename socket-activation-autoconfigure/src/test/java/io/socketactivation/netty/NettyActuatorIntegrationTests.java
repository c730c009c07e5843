package io.socketactivation.netty;

import java.util.List;

import io.socketactivation.actuate.AbstractActuatorIntegrationTests;
import io.socketactivation.testapp.reactive.ReactiveTestApplication;
import io.socketactivation.testsupport.Servers;

/**
 * Actuator and systemd notify of a socket-activated Netty application.
 *
 * @author socket-activation contributors
 */
class NettyActuatorIntegrationTests extends AbstractActuatorIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.NETTY;
	}

	@Override
	protected String mainClass() {
		return ReactiveTestApplication.class.getName();
	}

}
