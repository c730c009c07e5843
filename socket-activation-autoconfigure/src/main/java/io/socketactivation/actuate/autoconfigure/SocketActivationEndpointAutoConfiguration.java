package io.socketactivation.actuate.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.socketactivation.actuate.ActivationVariables;
import io.socketactivation.actuate.ServedListeners;
import io.socketactivation.actuate.SocketActivationEndpoint;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code socketactivation} endpoint. Its exposure follows
 * Actuator's defaults: not over the web unless listed in
 * {@code management.endpoints.web.exposure.include}.
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(after = ServedListenersAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ServedListeners.class)
@ConditionalOnAvailableEndpoint(SocketActivationEndpoint.class)
public final class SocketActivationEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketActivationEndpoint socketActivationEndpoint(ServedListeners servedListeners) {
		return new SocketActivationEndpoint(servedListeners, ActivationVariables.ofProcess());
	}

}
