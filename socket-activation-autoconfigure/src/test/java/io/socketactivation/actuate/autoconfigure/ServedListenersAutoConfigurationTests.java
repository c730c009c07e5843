package io.socketactivation.actuate.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.actuate.ServedListeners;
import io.socketactivation.actuate.WebServerListenersRecorder;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;
import io.socketactivation.tomcat.TomcatListenerInstrumentation;

import static org.assertj.core.api.Assertions.assertThat;

class ServedListenersAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations
		.of(SocketActivationAutoConfiguration.class, ServedListenersAutoConfiguration.class);

	private final WebApplicationContextRunner webContextRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationRecordsItsServersWithTheTomcatInstrumentation() {
		this.webContextRunner.run((context) -> assertThat(context).hasSingleBean(ServedListeners.class)
			.hasSingleBean(WebServerListenersRecorder.class)
			.hasSingleBean(TomcatListenerInstrumentation.class));
	}

	@Test
	void servedListenersHoldTheActivatedSockets() {
		ActivatedSockets sockets = ActivatedSockets.none("defined by the test");
		this.webContextRunner.withBean(ActivatedSockets.class, () -> sockets)
			.run((context) -> assertThat(context.getBean(ServedListeners.class).getActivatedSockets())
				.isSameAs(sockets));
	}

	@Test
	void noTomcatInstrumentationWithoutTomcat() {
		this.webContextRunner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).hasSingleBean(WebServerListenersRecorder.class)
				.doesNotHaveBean(TomcatListenerInstrumentation.class));
	}

	@Test
	void nonWebApplicationHasServedListenersButNoRecorder() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(ServedListeners.class)
				.doesNotHaveBean(WebServerListenersRecorder.class));
	}

	@Test
	void noRecorderWithoutTheWebServerModule() {
		this.webContextRunner.withClassLoader(new FilteredClassLoader(WebServerInitializedEvent.class))
			.run((context) -> assertThat(context).hasSingleBean(ServedListeners.class)
				.doesNotHaveBean(WebServerListenersRecorder.class));
	}

	@Test
	void backsOffWhenSocketActivationIsDisabled() {
		this.webContextRunner.withPropertyValues("socket-activation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ServedListeners.class)
				.doesNotHaveBean(WebServerListenersRecorder.class));
	}

	@Test
	void userDefinedServedListenersAreUsed() {
		ServedListeners mine = new ServedListeners(ActivatedSockets.none("mine"));
		this.webContextRunner.withBean(ServedListeners.class, () -> mine)
			.run((context) -> assertThat(context).getBean(ServedListeners.class).isSameAs(mine));
	}

}
