package io.socketactivation.actuate.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.socketactivation.actuate.SocketActivationInfoContributor;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class SocketActivationInfoContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class,
				SocketActivationInfoContributorAutoConfiguration.class));

	@Test
	void registersTheInfoContributor() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SocketActivationInfoContributor.class));
	}

	@Test
	void disabledByTheInfoContributorSwitch() {
		this.contextRunner.withPropertyValues("management.info.socketactivation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationInfoContributor.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(InfoContributor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SocketActivationInfoContributor.class));
	}

	@Test
	void backsOffWhenSocketActivationIsDisabled() {
		this.contextRunner.withPropertyValues("socket-activation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationInfoContributor.class));
	}

}
