package io.socketactivation.actuate.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.socketactivation.actuate.ListenerMetricsBinder;
import io.socketactivation.actuate.ServedListeners;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the connection metrics of activated sockets.
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(after = ServedListenersAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ServedListeners.class })
public final class SocketActivationMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ListenerMetricsBinder listenerMetricsBinder(MeterRegistry meterRegistry, ServedListeners servedListeners) {
		return new ListenerMetricsBinder(meterRegistry, servedListeners);
	}

}
