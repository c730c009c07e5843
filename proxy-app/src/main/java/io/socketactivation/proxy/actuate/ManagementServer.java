package io.socketactivation.proxy.actuate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.autoconfigure.SocketRouting;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxyProperties;
import io.socketactivation.proxy.forward.ForwardingStats;

/**
 * Actuator on the management socket, never a forwarded one: a Spring Boot application
 * started beside the data path once it forwards, serving {@code /actuator/health},
 * {@code /actuator/metrics} and {@code /actuator/proxy} on the activated sockets named
 * {@code management} (served by the starter's Tomcat adapter), else on a Unix socket
 * (default: {@code management.sock} in the proxy's private directory) or a loopback
 * host:port.
 *
 * @author socket-activation contributors
 */
public final class ManagementServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ManagementServer.class);

	private final ConfigurableApplicationContext context;

	private ManagementServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start the management server.
	 * @param listener where it listens
	 * @param properties the settings in effect
	 * @param backend the backend
	 * @param listeners the sockets forwarded, described
	 * @param stats the data path's counters
	 * @param childAlive whether the child program runs
	 * @return the running server
	 */
	public static ManagementServer start(ManagementListener listener, ProxyProperties properties,
			BackendAddress backend, List<String> listeners, ForwardingStats stats, BooleanSupplier childAlive) {
		// keep proxy-app's logback configuration; Tomcat logs through java.util.logging
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
		SpringApplication application = new SpringApplication(ManagementConfiguration.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setDefaultProperties(defaults(listener));
		application.addInitializers((context) -> {
			var beans = context.getBeanFactory();
			ActivatedSockets sockets = listener.sockets();
			if (!sockets.isEmpty()) {
				// served by the main server: Actuator runs on no port of its own here
				beans.registerSingleton("activatedSockets", sockets);
				beans.registerSingleton("socketRouting",
						new SocketRouting(sockets, ActivatedSockets.none("served by the main server")));
			}
			beans.registerSingleton("proxyProperties", properties);
			beans.registerSingleton("proxyHealthIndicator", new ProxyHealthIndicator(backend, stats, childAlive));
			beans.registerSingleton("forwardingMetricsBinder", new ForwardingMetricsBinder(stats));
			beans.registerSingleton("proxyEndpoint", new ProxyEndpoint(properties, backend, listeners));
		});
		ConfigurableApplicationContext context = application.run();
		logger.info("Actuator listening on {}", listener.describe());
		return new ManagementServer(context);
	}

	private static Map<String, Object> defaults(ManagementListener listener) {
		Map<String, Object> defaults = new HashMap<>();
		// never collect sockets (LAUNCH_PROGRAM_SOCKET_PATH names the backend here), and
		// leave systemd notifications to the proxy, the service's main process
		defaults.put("socket-activation.enabled", "false");
		defaults.put("socket-activation.notify.enabled", "false");
		defaults.put("management.endpoints.web.exposure.include", "health,metrics,proxy");
		defaults.put("management.endpoint.health.show-details", "always");
		defaults.put("spring.main.register-shutdown-hook", "false");
		defaults.put("server.tomcat.threads.max", "2");
		defaults.put("server.tomcat.threads.min-spare", "1");
		defaults.putAll(listener.properties());
		return defaults;
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * The management application: Boot's auto-configuration (Actuator, Tomcat) and the
	 * Unix socket connector.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ManagementConfiguration {

		@Bean
		TomcatConnectorCustomizer unixSocketConnectorCustomizer(org.springframework.core.env.Environment environment) {
			@Nullable String path = environment.getProperty("proxy.management.unix-socket-path");
			return (Connector connector) -> {
				if (path != null) {
					connector.setProperty("unixDomainSocketPath", path);
					connector.setProperty("unixDomainSocketPathPermissions", "rw-------");
				}
			};
		}

	}

}
