package io.socketactivation.testapp.servlet;

import org.apache.catalina.connector.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * With {@code testapp.bound-port} set, the server also listens on that loopback port,
 * binding it itself as it does without socket activation, beside the adopted sockets:
 * {@code bench/servers.sh} compares the two listeners inside one JVM, so the JIT, the
 * heap and the request code are the same for both and only the socket differs.
 *
 * @author socket-activation contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("testapp.bound-port")
class BoundListenerConfiguration {

	private static final String LOOPBACK = "127.0.0.1";

	// the property again: component scanning finds the nested classes on their own
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("testapp.bound-port")
	@ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
	static class TomcatBoundListener {

		/**
		 * A second connector, as Boot makes its own (same protocol, and Boot's connector
		 * customizers, which carry the {@code server.tomcat.*} settings), binding the
		 * port itself. Runs after Boot's customizers, so that they are all there.
		 * @param port the port to bind
		 * @return the customizer
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> boundConnector(
				@Value("${testapp.bound-port}") int port) {
			return (factory) -> {
				Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
				connector.setPort(port);
				connector.setProperty("address", LOOPBACK);
				connector.setThrowOnFailure(true);
				factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
				factory.addAdditionalConnectors(connector);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("testapp.bound-port")
	@ConditionalOnClass(name = "org.eclipse.jetty.server.Server")
	static class JettyBoundListener {

		/**
		 * A second {@link ServerConnector} with the acceptors, selectors and HTTP
		 * configuration of Boot's own, binding the port itself. Ordered just before the
		 * starter's customizer, which replaces Boot's connector (the first) with the
		 * adopted ones.
		 * @param port the port to bind
		 * @return the customizer
		 */
		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE - 1)
		WebServerFactoryCustomizer<JettyServletWebServerFactory> boundConnector(
				@Value("${testapp.bound-port}") int port) {
			return (factory) -> factory.addServerCustomizers((server) -> {
				ServerConnector boot = (ServerConnector) server.getConnectors()[0];
				HttpConfiguration configuration = boot.getConnectionFactory(HttpConnectionFactory.class)
					.getHttpConfiguration();
				ServerConnector connector = new ServerConnector(server, boot.getAcceptors(),
						boot.getSelectorManager().getSelectorCount(),
						new HttpConnectionFactory(new HttpConfiguration(configuration)));
				connector.setHost(LOOPBACK);
				connector.setPort(port);
				connector.setIdleTimeout(boot.getIdleTimeout());
				server.addConnector(connector);
			});
		}

	}

}
