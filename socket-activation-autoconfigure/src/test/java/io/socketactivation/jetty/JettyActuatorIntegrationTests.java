package io.socketactivation.jetty;

import java.util.List;

import io.socketactivation.actuate.AbstractActuatorIntegrationTests;
import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.Servers;

/**
 * Actuator and systemd notify of a socket-activated Jetty application.
 *
 * @author socket-activation contributors
 */
class JettyActuatorIntegrationTests extends AbstractActuatorIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.JETTY;
	}

	@Override
	protected String mainClass() {
		return TestWebApplication.class.getName();
	}

}
