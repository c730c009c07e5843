package io.socketactivation.notify;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.StringUtils;

/**
 * {@link WatchdogHealth} from Actuator's {@link HealthEndpoint}: healthy while a health
 * group (or, with no group, the application's overall health) is {@code UP}.
 *
 * @author socket-activation contributors
 */
public class HealthEndpointWatchdogHealth implements WatchdogHealth {

	private static final Log logger = LogFactory.getLog(HealthEndpointWatchdogHealth.class);

	private final HealthEndpoint healthEndpoint;

	private final @Nullable String group;

	private volatile boolean missingGroupLogged;

	/**
	 * Create an instance.
	 * @param healthEndpoint the health endpoint
	 * @param group the health group (for example {@code liveness}), or {@code null} for
	 * the overall health
	 */
	public HealthEndpointWatchdogHealth(HealthEndpoint healthEndpoint, @Nullable String group) {
		this.healthEndpoint = healthEndpoint;
		this.group = StringUtils.hasText(group) ? group : null;
	}

	@Override
	public boolean isHealthy() {
		String group = this.group;
		HealthDescriptor health = (group != null) ? this.healthEndpoint.healthForPath(group)
				: this.healthEndpoint.health();
		if (health == null) {
			if (!this.missingGroupLogged) {
				this.missingGroupLogged = true;
				logger.warn("No health group or contributor '" + group + "' (socket-activation.notify.watchdog."
						+ "health-group): the systemd watchdog is not pinged");
			}
			return false;
		}
		return Status.UP.equals(health.getStatus());
	}

}
