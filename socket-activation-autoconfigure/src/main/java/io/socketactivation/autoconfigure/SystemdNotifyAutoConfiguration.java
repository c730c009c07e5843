package io.socketactivation.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogMessage;

import io.socketactivation.notify.HealthEndpointWatchdogHealth;
import io.socketactivation.notify.SystemdNotifications;
import io.socketactivation.notify.SystemdNotifier;
import io.socketactivation.notify.SystemdNotifiers;
import io.socketactivation.notify.WatchdogHealth;
import io.socketactivation.notify.WatchdogInterval;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of systemd notifications: applies only when {@code NOTIFY_SOCKET}
 * is set (a {@code Type=notify} service) and junixsocket is on the class path. The
 * watchdog follows Actuator's health when it is present. The start-up phase is
 * {@link SystemdNotifyStartupListener}'s.
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnClass(AFUNIXDatagramChannel.class)
@ConditionalOnProperty(SystemdNotifyAutoConfiguration.NOTIFY_SOCKET)
@ConditionalOnBooleanProperty(name = "socket-activation.notify.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SystemdNotifyProperties.class)
public final class SystemdNotifyAutoConfiguration {

	static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";

	private static final Log logger = LogFactory.getLog(SystemdNotifyAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	SystemdNotifier systemdNotifier(Environment environment) {
		return SystemdNotifiers.forSocket(environment.getRequiredProperty(NOTIFY_SOCKET));
	}

	@Bean
	@ConditionalOnMissingBean
	SystemdNotifications systemdNotifications(SystemdNotifier notifier, Environment environment,
			ObjectProvider<WatchdogHealth> watchdogHealth, SystemdNotifyProperties properties) {
		Duration watchdogInterval = WatchdogInterval
			.of(environment.getProperty("WATCHDOG_USEC"), environment.getProperty("WATCHDOG_PID"),
					ProcessHandle.current().pid())
			.orElse(null);
		WatchdogHealth health = watchdogHealth.getIfAvailable();
		if (health == null) {
			String group = properties.getWatchdog().getHealthGroup();
			if (group != null) {
				logger.warn(LogMessage.format("socket-activation.notify.watchdog.health-group=%s is not applied: "
						+ "Actuator's health endpoint is not available (it must be enabled and exposed, over the web "
						+ "or JMX); the watchdog is pinged while the application runs", group));
			}
			health = WatchdogHealth.ALIVE;
		}
		return new SystemdNotifications(notifier, watchdogInterval, health);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpoint.class)
	@ConditionalOnBean(HealthEndpoint.class)
	static class HealthWatchdogConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WatchdogHealth healthEndpointWatchdogHealth(HealthEndpoint healthEndpoint, SystemdNotifyProperties properties) {
			return new HealthEndpointWatchdogHealth(healthEndpoint, properties.getWatchdog().getHealthGroup());
		}

	}

}
