package io.socketactivation.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes configuration metadata files for tests, in the form the configuration processor
 * writes them.
 *
 * @author socket-activation contributors
 */
final class MetadataJson {

	/** Metadata shaped like socket-activation-autoconfigure's. */
	static final String STARTER = """
			{
			  "groups": [
			    { "name": "socket-activation",
			      "type": "io.socketactivation.autoconfigure.SocketActivationProperties",
			      "sourceType": "io.socketactivation.autoconfigure.SocketActivationProperties" },
			    { "name": "socket-activation.launchd",
			      "type": "io.socketactivation.autoconfigure.SocketActivationProperties$Launchd",
			      "sourceType": "io.socketactivation.autoconfigure.SocketActivationProperties",
			      "sourceMethod": "getLaunchd()" },
			    { "name": "socket-activation.notify",
			      "type": "io.socketactivation.autoconfigure.SystemdNotifyProperties",
			      "sourceType": "io.socketactivation.autoconfigure.SystemdNotifyProperties" }
			  ],
			  "properties": [
			    { "name": "socket-activation.required", "type": "java.lang.Boolean",
			      "description": "Whether start-up must fail when the process was not socket-activated.",
			      "sourceType": "io.socketactivation.autoconfigure.SocketActivationProperties",
			      "defaultValue": false },
			    { "name": "socket-activation.enabled", "type": "java.lang.Boolean",
			      "description": "Whether to serve sockets handed over by the service manager.",
			      "sourceType": "io.socketactivation.autoconfigure.SocketActivationProperties",
			      "defaultValue": true },
			    { "name": "socket-activation.launchd.names", "type": "java.util.List<java.lang.String>",
			      "description": "Keys of the plist's   Sockets\\n dictionary to ask launchd for.",
			      "sourceType": "io.socketactivation.autoconfigure.SocketActivationProperties$Launchd",
			      "defaultValue": [ "Socket", "listeners" ] },
			    { "name": "socket-activation.notify.extend-timeout", "type": "java.time.Duration",
			      "description": "How long start-up may take, sent as {@code EXTEND_TIMEOUT_USEC}.",
			      "sourceType": "io.socketactivation.autoconfigure.SystemdNotifyProperties" },
			    { "name": "management.health.socketactivation.enabled", "type": "java.lang.Boolean",
			      "description": "Whether to enable the socket activation health check.",
			      "defaultValue": true }
			  ]
			}
			""";

	/** Metadata shaped like proxy-app's. */
	static final String PROXY = """
			{
			  "groups": [
			    { "name": "proxy", "type": "io.socketactivation.proxy.config.ProxyProperties",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties" },
			    { "name": "proxy.backend", "type": "io.socketactivation.proxy.config.ProxyProperties$Backend",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties", "sourceMethod": "getBackend()" }
			  ],
			  "properties": [
			    { "name": "proxy.backend.proxy-protocol",
			      "type": "io.socketactivation.proxy.config.ProxyProperties$ProxyProtocol",
			      "description": "PROXY protocol header sent to the backend: off | v1 | v2.",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties$Backend",
			      "defaultValue": "off" },
			    { "name": "proxy.backend.socket-path", "type": "java.lang.String",
			      "description": "Unix socket path ({@code /path}) or {@link java.lang.String abstract} name.",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties$Backend" },
			    { "name": "proxy.socket-name", "type": "java.lang.String",
			      "description": "Name of the launchd socket to serve.",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties",
			      "defaultValue": "Socket" },
			    { "name": "proxy.old-name", "type": "java.lang.String",
			      "description": "Old name.",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties",
			      "deprecation": { "level": "warning", "replacement": "proxy.socket-name" } }
			  ]
			}
			""";

	/** Metadata with a property the javadoc of which is missing. */
	static final String UNDESCRIBED = """
			{
			  "groups": [
			    { "name": "proxy", "type": "io.socketactivation.proxy.config.ProxyProperties",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties" }
			  ],
			  "properties": [
			    { "name": "proxy.socket-name", "type": "java.lang.String",
			      "description": "Name of the launchd socket to serve.",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties" },
			    { "name": "proxy.exit-idle-time", "type": "java.time.Duration",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties" },
			    { "name": "proxy.child.stop-timeout", "type": "java.time.Duration", "description": "  ",
			      "sourceType": "io.socketactivation.proxy.config.ProxyProperties$Child" }
			  ]
			}
			""";

	/** Metadata of a module whose properties were not processed. */
	static final String EMPTY = """
			{ "groups": [], "properties": [], "hints": [] }
			""";

	private MetadataJson() {
	}

	static ConfigurationMetadataFile write(Path directory, String module, String json) {
		try {
			Path file = Files.createDirectories(directory.resolve(module))
				.resolve("spring-configuration-metadata.json");
			Files.writeString(file, json);
			return new ConfigurationMetadataFile(module, file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
