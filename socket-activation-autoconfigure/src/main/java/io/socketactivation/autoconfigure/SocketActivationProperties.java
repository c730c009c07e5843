package io.socketactivation.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for socket activation.
 *
 * @author socket-activation contributors
 */
@ConfigurationProperties("socket-activation")
public class SocketActivationProperties {

	/**
	 * Whether to serve sockets handed over by the service manager. When disabled, the web
	 * server binds server.address and server.port as usual.
	 */
	private boolean enabled = true;

	/**
	 * Whether start-up must fail when the process was not socket-activated, instead of
	 * binding server.address and server.port.
	 */
	private boolean required;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isRequired() {
		return this.required;
	}

	public void setRequired(boolean required) {
		this.required = required;
	}

}
