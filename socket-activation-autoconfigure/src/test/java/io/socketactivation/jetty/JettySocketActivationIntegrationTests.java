package io.socketactivation.jetty;

import java.util.List;

import io.socketactivation.AbstractSocketActivationIntegrationTests;
import io.socketactivation.testapp.servlet.TestWebApplication;
import io.socketactivation.testsupport.Servers;

/**
 * The socket-activation suite on Jetty.
 *
 * @author socket-activation contributors
 */
class JettySocketActivationIntegrationTests extends AbstractSocketActivationIntegrationTests {

	@Override
	protected List<String> classpathExclusions() {
		return Servers.JETTY;
	}

	@Override
	protected String mainClass() {
		return TestWebApplication.class.getName();
	}

	@Override
	protected String unixSocketPeer() {
		return ":-1";
	}

	@Override
	protected String serverName() {
		return "Jetty";
	}

	@Override
	protected boolean servesOnVirtualThreads() {
		return true;
	}

}
