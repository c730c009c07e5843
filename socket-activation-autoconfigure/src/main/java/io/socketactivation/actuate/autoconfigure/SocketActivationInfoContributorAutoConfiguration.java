package io.socketactivation.actuate.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.actuate.SocketActivationInfoContributor;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code socketActivation} info contributor (switch:
 * {@code management.info.socketactivation.enabled}).
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(after = SocketActivationAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean(ActivatedSockets.class)
@ConditionalOnEnabledInfoContributor("socketactivation")
public final class SocketActivationInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SocketActivationInfoContributor socketActivationInfoContributor(ActivatedSockets sockets) {
		return new SocketActivationInfoContributor(sockets);
	}

}
