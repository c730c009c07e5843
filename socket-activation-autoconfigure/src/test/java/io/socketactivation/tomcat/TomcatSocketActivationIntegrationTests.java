package io.socketactivation.tomcat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import io.socketactivation.AbstractSocketActivationIntegrationTests;
import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.Servers;

/**
 * The socket-activation suite on Tomcat.
 *
 * @author socket-activation contributors
 */
class TomcatSocketActivationIntegrationTests extends AbstractSocketActivationIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.TOMCAT;
	}

	@Override
	protected String mainClass() {
		return TestWebApplication.class.getName();
	}

	@Override
	protected String serverName() {
		return "Tomcat";
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
	void virtualThreadsServeTheActivatedSocket() throws Exception {
		assertServedOnVirtualThreads();
	}

}
