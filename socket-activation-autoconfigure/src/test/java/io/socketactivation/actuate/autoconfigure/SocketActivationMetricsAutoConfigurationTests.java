package io.socketactivation.actuate.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.actuate.ListenerMetricsBinder;
import io.socketactivation.actuate.ServedListeners;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

class SocketActivationMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class,
				ServedListenersAutoConfiguration.class, SocketActivationMetricsAutoConfiguration.class));

	@Test
	void bindsWithAMeterRegistry() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasSingleBean(ListenerMetricsBinder.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ListenerMetricsBinder.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ListenerMetricsBinder.class));
	}

	@Test
	void backsOffWhenSocketActivationIsDisabled() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("socket-activation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ListenerMetricsBinder.class));
	}

	@Test
	void userDefinedBinderIsUsed() {
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("myBinder", ListenerMetricsBinder.class,
					() -> new ListenerMetricsBinder(new SimpleMeterRegistry(),
							new ServedListeners(ActivatedSockets.none("mine"))))
			.run((context) -> assertThat(context).hasSingleBean(ListenerMetricsBinder.class).hasBean("myBinder"));
	}

}
