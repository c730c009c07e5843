package io.socketactivation.proxy.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxyProperties;

/**
 * The live configuration of the proxy: the settings in effect, the backend and the
 * sockets forwarded.
 *
 * @author socket-activation contributors
 */
@Endpoint(id = "proxy")
public final class ProxyEndpoint {

	private final ProxyProperties properties;

	private final BackendAddress backend;

	private final List<String> listeners;

	/**
	 * Create the endpoint.
	 * @param properties the settings in effect
	 * @param backend the backend
	 * @param listeners the sockets forwarded, described
	 */
	public ProxyEndpoint(ProxyProperties properties, BackendAddress backend, List<String> listeners) {
		this.properties = properties;
		this.backend = backend;
		this.listeners = listeners;
	}

	/**
	 * Return the configuration.
	 * @return the settings, backend and listeners
	 */
	@ReadOperation
	public Map<String, Object> configuration() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("backend", this.backend.display());
		result.put("listeners", this.listeners);
		result.put("settings", this.properties);
		return result;
	}

}
