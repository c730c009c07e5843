package io.socketactivation.actuate;

import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports every listening socket (source, name, fd, family, address, server) and is
 * {@code DOWN} when an adopted socket has been closed underneath the server serving it.
 *
 * @author socket-activation contributors
 */
public class SocketActivationHealthIndicator extends AbstractHealthIndicator {

	private final ServedListeners servedListeners;

	/**
	 * Create an indicator.
	 * @param servedListeners the listening sockets
	 */
	public SocketActivationHealthIndicator(ServedListeners servedListeners) {
		super("Socket activation health check failed");
		this.servedListeners = servedListeners;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<ServedListener> listeners = this.servedListeners.listeners();
		boolean allOpen = listeners.stream().allMatch(ServedListener::isOpen);
		List<Map<String, Object>> details = listeners.stream().map(ServedListener::details).toList();
		builder.status(allOpen ? Status.UP : Status.DOWN)
			.withDetail("activated", !this.servedListeners.getActivatedSockets().isEmpty())
			.withDetail("summary", this.servedListeners.getActivatedSockets().summary())
			.withDetail("listeners", details);
	}

}
