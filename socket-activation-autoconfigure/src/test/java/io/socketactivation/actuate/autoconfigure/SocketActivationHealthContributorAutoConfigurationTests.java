package io.socketactivation.actuate.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.socketactivation.actuate.SocketActivationHealthIndicator;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class SocketActivationHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class,
				ServedListenersAutoConfiguration.class, SocketActivationHealthContributorAutoConfiguration.class,
				HealthContributorAutoConfiguration.class));

	@Test
	void registersTheSocketActivationHealthIndicator() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SocketActivationHealthIndicator.class)
			.hasBean("socketActivationHealthIndicator"));
	}

	@Test
	void disabledByTheHealthIndicatorSwitch() {
		this.contextRunner.withPropertyValues("management.health.socketactivation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationHealthIndicator.class));
	}

	@Test
	void disabledWithAllDefaultHealthIndicators() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationHealthIndicator.class));
	}

	@Test
	void backsOffWithoutActuatorHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Health.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SocketActivationHealthIndicator.class));
	}

	@Test
	void backsOffWhenSocketActivationIsDisabled() {
		this.contextRunner.withPropertyValues("socket-activation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationHealthIndicator.class));
	}

	@Test
	void userDefinedIndicatorOfTheSameNameIsUsed() {
		HealthIndicator mine = () -> Health.up().build();
		this.contextRunner.withBean("socketActivationHealthIndicator", HealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context).doesNotHaveBean(SocketActivationHealthIndicator.class)
				.getBean("socketActivationHealthIndicator")
				.isSameAs(mine));
	}

}
