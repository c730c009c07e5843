package io.socketactivation.tomcat;

import java.util.List;

import io.socketactivation.actuate.AbstractActuatorIntegrationTests;
import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.Servers;

/**
 * The Actuator and notify suite on Tomcat.
 *
 * @author socket-activation contributors
 */
class TomcatActuatorIntegrationTests extends AbstractActuatorIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.TOMCAT;
	}

	@Override
	protected String mainClass() {
		return TestWebApplication.class.getName();
	}

}
