package io.socketactivation.proxy.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxyProperties;

/**
 * The live configuration of the proxy: the backend, the sockets forwarded, the transport
 * and number of event loops in use, and the settings in effect.
 *
 * @author socket-activation contributors
 */
@Endpoint(id = "proxy")
public final class ProxyEndpoint {

	private final ProxyProperties properties;

	private final BackendAddress backend;

	private final DataPathDescription dataPath;

	/**
	 * Create the endpoint.
	 * @param properties the settings in effect
	 * @param backend the backend
	 * @param dataPath what the data path runs with
	 */
	public ProxyEndpoint(ProxyProperties properties, BackendAddress backend, DataPathDescription dataPath) {
		this.properties = properties;
		this.backend = backend;
		this.dataPath = dataPath;
	}

	/**
	 * Return the configuration.
	 * @return the backend, the listeners, the transport and event loops in use, and the
	 * settings
	 */
	@ReadOperation
	public Map<String, Object> configuration() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("backend", this.backend.display());
		result.put("listeners", this.dataPath.listeners());
		result.put("transport", this.dataPath.transport());
		result.put("eventLoops", this.dataPath.eventLoops());
		result.put("settings", this.properties);
		return result;
	}

}
