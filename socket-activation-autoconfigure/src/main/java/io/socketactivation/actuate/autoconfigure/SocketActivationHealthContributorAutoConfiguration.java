package io.socketactivation.actuate.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

import io.socketactivation.actuate.ServedListeners;
import io.socketactivation.actuate.SocketActivationHealthIndicator;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code socketActivation} health contributor (switch:
 * {@code management.health.socketactivation.enabled}).
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(after = ServedListenersAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ Health.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ServedListeners.class)
@ConditionalOnEnabledHealthIndicator("socketactivation")
public final class SocketActivationHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "socketActivationHealthIndicator")
	SocketActivationHealthIndicator socketActivationHealthIndicator(ServedListeners servedListeners) {
		return new SocketActivationHealthIndicator(servedListeners);
	}

}
