package io.socketactivation.proxy.actuate;

import java.util.function.BooleanSupplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.forward.ForwardingStats;

/**
 * Health of the proxy: down when the child program has exited or the backend does not
 * accept a connection (the proxy dials it when asked); details give the backend and the
 * open connections.
 *
 * @author socket-activation contributors
 */
public final class ProxyHealthIndicator extends AbstractHealthIndicator {

	private final BackendAddress backend;

	private final ForwardingStats stats;

	private final BooleanSupplier childAlive;

	private final BooleanSupplier backendAccepts;

	/**
	 * Create an indicator.
	 * @param backend the backend
	 * @param stats the data path's counters
	 * @param childAlive whether the child program runs (always {@code true} without one)
	 * @param backendAccepts whether the backend accepts a connection now (dials it)
	 */
	public ProxyHealthIndicator(BackendAddress backend, ForwardingStats stats, BooleanSupplier childAlive,
			BooleanSupplier backendAccepts) {
		super("Proxy health check failed");
		this.backend = backend;
		this.stats = stats;
		this.childAlive = childAlive;
		this.backendAccepts = backendAccepts;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean child = this.childAlive.getAsBoolean();
		boolean reachable = this.backendAccepts.getAsBoolean();
		((child && reachable) ? builder.up() : builder.down()).withDetail("backend", this.backend.display())
			.withDetail("backendReachable", reachable)
			.withDetail("childAlive", child)
			.withDetail("openConnections", this.stats.open());
	}

}
