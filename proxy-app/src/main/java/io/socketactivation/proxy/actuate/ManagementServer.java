package io.socketactivation.proxy.actuate;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.autoconfigure.SocketRouting;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxyProperties;
import io.socketactivation.proxy.config.ProxyProperties.ManagementStart;
import io.socketactivation.proxy.forward.ForwardingStats;

/**
 * Actuator on the management socket, never a forwarded one: a Spring Boot application
 * serving {@code /actuator/health}, {@code /actuator/metrics} and {@code /actuator/proxy}
 * on the {@link ManagementListener}'s sockets (through the starter's Tomcat adapter). It
 * starts on the first connection to them ({@link ManagementStart#ON_DEMAND}, see
 * {@link FirstConnectionWait}) or at once, on a thread of its own either way: the data
 * path never waits for it. If it cannot start, its sockets are closed, so that clients
 * are refused instead of left waiting, and forwarding goes on. It reads no environment
 * variable and no configuration file, which are the child's; a system property of the
 * proxy's JVM may change a setting.
 *
 * @author socket-activation contributors
 */
public final class ManagementServer implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ManagementServer.class);

	private static final String THREAD_NAME = "proxy-app-management";

	private final ManagementListener listener;

	private final SpringApplication application;

	private volatile @Nullable ConfigurableApplicationContext context;

	private volatile @Nullable FirstConnectionWait firstConnection;

	private volatile boolean closed;

	private ManagementServer(ManagementListener listener, SpringApplication application) {
		this.listener = listener;
		this.application = application;
	}

	/**
	 * Start the management server, now or on the first connection.
	 * @param listener its sockets, listening
	 * @param properties the settings in effect
	 * @param backend the backend
	 * @param dataPath what the data path runs with
	 * @param stats the data path's counters
	 * @param childAlive whether the child program runs
	 * @param backendAccepts whether the backend accepts a connection now (dials it)
	 * @return the server, to close at shutdown
	 */
	public static ManagementServer start(ManagementListener listener, ProxyProperties properties,
			BackendAddress backend, DataPathDescription dataPath, ForwardingStats stats, BooleanSupplier childAlive,
			BooleanSupplier backendAccepts) {
		SpringApplication application = new SpringApplication(ManagementConfiguration.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		// the environment variables and configuration files around the proxy are the
		// child's (MANAGEMENT_SERVER_PORT would give Actuator a public port of its own):
		// only the proxy's own system properties (-D) may change a setting
		application.setEnvironment(new IsolatedEnvironment());
		application.setDefaultProperties(defaults());
		application.addInitializers((context) -> {
			var beans = context.getBeanFactory();
			ActivatedSockets sockets = listener.sockets();
			beans.registerSingleton("activatedSockets", sockets);
			beans.registerSingleton("socketRouting",
					new SocketRouting(sockets, ActivatedSockets.none("served by the main server")));
			beans.registerSingleton("proxyProperties", properties);
			beans.registerSingleton("proxyHealthIndicator",
					new ProxyHealthIndicator(backend, stats, childAlive, backendAccepts));
			beans.registerSingleton("forwardingMetricsBinder", new ForwardingMetricsBinder(stats));
			beans.registerSingleton("proxyEndpoint", new ProxyEndpoint(properties, backend, dataPath));
		});
		ManagementServer server = new ManagementServer(listener, application);
		if (properties.getManagement().getStart() == ManagementStart.ON_DEMAND) {
			try {
				server.firstConnection = FirstConnectionWait.start(listener.sockets(), THREAD_NAME, server::run);
				logger.info("Actuator starts on the first connection to {}", listener.describe());
				return server;
			}
			catch (IOException ex) {
				logger.warn("Cannot wait for the first connection to {} ({}): Actuator starts now", listener.describe(),
						ex.toString());
			}
		}
		Thread starter = new Thread(server::run, THREAD_NAME);
		starter.setDaemon(true);
		starter.start();
		return server;
	}

	private static Map<String, Object> defaults() {
		Map<String, Object> defaults = new HashMap<>();
		// serve the sockets given and collect none (LAUNCH_PROGRAM_SOCKET_PATH names the
		// backend here); leave systemd notifications to the proxy, the service's main
		// process
		defaults.put("socket-activation.enabled", "true");
		// no application.properties from the working directory or the class path
		defaults.put("spring.config.location", "optional:classpath:/io/socketactivation/proxy/actuate/none/");
		defaults.put("server.port", "0");
		defaults.put("socket-activation.notify.enabled", "false");
		defaults.put("management.endpoints.web.exposure.include", "health,metrics,proxy");
		defaults.put("management.endpoint.health.show-details", "always");
		// the health is the proxy's, not the management application's liveness and
		// readiness: on demand, the first request comes before the application is ready
		defaults.put("management.endpoint.health.probes.enabled", "false");
		defaults.put("spring.main.register-shutdown-hook", "false");
		defaults.put("server.tomcat.threads.max", "2");
		defaults.put("server.tomcat.threads.min-spare", "1");
		return defaults;
	}

	private void run() {
		if (this.closed) {
			return;
		}
		// keep proxy-app's logback configuration; Tomcat logs through java.util.logging
		System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
		try {
			ConfigurableApplicationContext started = this.application.run();
			this.context = started;
			logger.info("Actuator listening on {}", this.listener.describe());
			if (this.closed) {
				started.close();
			}
		}
		catch (RuntimeException ex) {
			if (!this.closed) {
				logger.error("Actuator could not start on {} (forwarding goes on; its sockets are closed): {}",
						this.listener.describe(), ex.toString());
			}
			this.listener.close();
		}
	}

	/**
	 * Stop the management server, or stop waiting for its first connection, and close its
	 * sockets.
	 */
	@Override
	public void close() {
		this.closed = true;
		FirstConnectionWait waiting = this.firstConnection;
		if (waiting != null) {
			waiting.close();
		}
		ConfigurableApplicationContext started = this.context;
		if (started != null) {
			started.close();
		}
		this.listener.close();
	}

	/**
	 * An environment without the environment variables, which the proxy shares with its
	 * child: the management application reads the settings {@link #defaults()} gives it,
	 * and the JVM's system properties.
	 */
	private static final class IsolatedEnvironment extends StandardEnvironment {

		@Override
		protected void customizePropertySources(MutablePropertySources propertySources) {
			super.customizePropertySources(propertySources);
			propertySources.remove(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		}

	}

	/**
	 * The management application: Boot's auto-configuration (Actuator, Tomcat, the
	 * starter serving the management sockets).
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ManagementConfiguration {

	}

}
