package io.socketactivation.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivation;
import io.socketactivation.SocketActivationException;
import io.socketactivation.tomcat.ActivatedTomcatServletWebServerFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that serves the listening sockets handed over by the service
 * manager (systemd {@code LISTEN_FDS}, launchd {@code launch_activate_socket}) with the
 * embedded web server, or lets it bind {@code server.port} as usual when the process was
 * not socket-activated.
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration")
@ConditionalOnBooleanProperty(name = "socket-activation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketActivationProperties.class)
public final class SocketActivationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(SocketActivationAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ActivatedSockets activatedSockets(SocketActivationProperties properties) {
		ActivatedSockets sockets = SocketActivation.forProcess().collect(properties.toActivationSettings());
		if (sockets.isEmpty()) {
			if (properties.isRequired()) {
				throw new SocketActivationException(
						"socket-activation.required is true but this process was not socket-activated: "
								+ sockets.summary() + ".",
						"Start the application from a systemd .socket unit (or systemd-socket-activate), or from a "
								+ "launchd plist whose Sockets has one of socket-activation.launchd.names, or set "
								+ "socket-activation.required=false to bind server.port when started by hand.");
			}
			logger.info("Not socket-activated (" + sockets.summary() + ")");
		}
		sockets.forEach((socket) -> logger.info("Adopted " + socket.describe()));
		return sockets;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean(value = ServletWebServerFactory.class, search = SearchStrategy.CURRENT)
		ActivatedTomcatServletWebServerFactory tomcatServletWebServerFactory(
				ObjectProvider<TomcatConnectorCustomizer> connectorCustomizers,
				ObjectProvider<TomcatContextCustomizer> contextCustomizers,
				ObjectProvider<TomcatProtocolHandlerCustomizer<?>> protocolHandlerCustomizers) {
			ActivatedTomcatServletWebServerFactory factory = new ActivatedTomcatServletWebServerFactory();
			factory.getConnectorCustomizers().addAll(connectorCustomizers.orderedStream().toList());
			factory.getContextCustomizers().addAll(contextCustomizers.orderedStream().toList());
			factory.getProtocolHandlerCustomizers().addAll(protocolHandlerCustomizers.orderedStream().toList());
			return factory;
		}

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketActivationTomcatCustomizer(
				ActivatedSockets sockets) {
			return new ActivatedTomcatFactoryCustomizer(sockets);
		}

	}

}
