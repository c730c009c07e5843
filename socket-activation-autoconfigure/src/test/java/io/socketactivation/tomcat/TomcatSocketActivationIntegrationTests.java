package io.socketactivation.tomcat;

import java.util.List;

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
	protected String unixSocketPeer() {
		return "127.0.0.1:0";
	}

	@Override
	protected String serverName() {
		return "Tomcat";
	}

	@Override
	protected boolean servesOnVirtualThreads() {
		return true;
	}

}
