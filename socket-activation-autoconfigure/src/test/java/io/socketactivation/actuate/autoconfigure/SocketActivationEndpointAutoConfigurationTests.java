package io.socketactivation.actuate.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import io.socketactivation.actuate.SocketActivationEndpoint;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class SocketActivationEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class,
				ServedListenersAutoConfiguration.class, SocketActivationEndpointAutoConfiguration.class));

	@Test
	void notAvailableByDefaultBecauseNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationEndpoint.class));
	}

	@Test
	void availableWhenExposedOverTheWeb() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=socketactivation")
			.run((context) -> assertThat(context).hasSingleBean(SocketActivationEndpoint.class));
	}

	@Test
	void availableWhenExposedOverJmx() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=socketactivation")
			.run((context) -> assertThat(context).hasSingleBean(SocketActivationEndpoint.class));
	}

	@Test
	void notAvailableWhenExposedButDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=socketactivation",
					"management.endpoint.socketactivation.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=socketactivation")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SocketActivationEndpoint.class));
	}

	@Test
	void backsOffWhenSocketActivationIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=socketactivation",
					"socket-activation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationEndpoint.class));
	}

}
