package io.socketactivation.autoconfigure;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.Server;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.ActivationEnvironment;
import io.socketactivation.FileDescriptors;
import io.socketactivation.SocketActivation;
import io.socketactivation.SocketActivationException;
import io.socketactivation.env.ProgramSocketPath;
import io.socketactivation.inherited.StandardInputSocket;
import io.socketactivation.jetty.AdoptedConnectorsCustomizer;
import io.socketactivation.netty.ActivatedNettyReactiveWebServerFactory;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;
import io.socketactivation.tomcat.ActivatedTomcatServletWebServerFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that serves the listening sockets handed over by the service
 * manager (systemd {@code LISTEN_FDS}, launchd {@code launch_activate_socket}) or the
 * Unix socket named by {@code LAUNCH_PROGRAM_SOCKET_PATH}, with the embedded web server
 * (Tomcat, Jetty or Reactor Netty), or lets it bind {@code server.port} as usual when
 * there is none.
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(
		beforeName = { "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration",
				"org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "socket-activation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SocketActivationProperties.class)
public final class SocketActivationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(SocketActivationAutoConfiguration.class);

	private static final int PROGRAM_SOCKET_BACKLOG = 1024;

	@Bean
	@ConditionalOnMissingBean
	ActivatedSockets activatedSockets(SocketActivationProperties properties) {
		// order: systemd LISTEN_FDS, launchd, standard input (opt-in),
		// LAUNCH_PROGRAM_SOCKET_PATH, normal bind
		ActivatedSockets sockets = SocketActivation.forProcess().collect(properties.toActivationSettings());
		// activated, but socket-activation.names selects none: SocketRouting says so
		boolean activated = !sockets.isEmpty() || !sockets.leftAlone().isEmpty();
		if (!activated && properties.isStdin()) {
			sockets = StandardInputSocket.adopt(FileDescriptors.system());
		}
		if (!activated && sockets.isEmpty()) {
			sockets = bindProgramSocket(properties, sockets);
		}
		if (!activated && sockets.isEmpty()) {
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
		sockets
			.forEach((socket) -> logger.info((socket.source().ownsPath() ? "Bound " : "Adopted ") + socket.describe()));
		return sockets;
	}

	private static ActivatedSockets bindProgramSocket(SocketActivationProperties properties,
			ActivatedSockets notActivated) {
		ActivatedSocket socket = ProgramSocketPath.bind(ActivationEnvironment.system(),
				PosixFilePermissions.fromString(properties.getProgramSocket().getPermissions()),
				PROGRAM_SOCKET_BACKLOG);
		return (socket != null)
				? ActivatedSockets.of(List.of(socket), ProgramSocketPath.VARIABLE + "=" + socket.displayAddress())
				: notActivated;
	}

	@Bean
	@ConditionalOnMissingBean
	SocketRouting socketRouting(ActivatedSockets sockets, SocketActivationProperties properties,
			Environment environment) {
		return SocketRouting.of(sockets, properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ProxyProtocolPolicy proxyProtocolPolicy(SocketActivationProperties properties, ActivatedSockets sockets) {
		ProxyProtocolPolicy policy = properties.toProxyProtocolPolicy();
		List<String> unmatched = policy.names()
			.stream()
			.filter((name) -> sockets.named(name).isEmpty())
			.sorted()
			.toList();
		if (!unmatched.isEmpty() && !sockets.isEmpty()) {
			logger.warn("socket-activation.proxy-protocol.names " + unmatched + " name none of the activated sockets "
					+ sockets);
		}
		return policy;
	}

	@Bean
	DisposableBean programSocketPathRemoval(ActivatedSockets sockets) {
		return () -> sockets.forEach(ProgramSocketPath::remove);
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	static WebServerFactoryCustomizer<WebServerFactory> unservableWebServerFactoryGuard(
			ObjectProvider<SocketRouting> routing) {
		return new UnservableWebServerFactoryGuard(() -> {
			SocketRouting available = routing.getIfAvailable();
			return (available != null) ? available.main() : null;
		});
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
		WebServerFactoryCustomizer<ActivatedTomcatServletWebServerFactory> socketActivationTomcatCustomizer(
				SocketRouting routing, ProxyProtocolPolicy proxyProtocol) {
			return (factory) -> {
				factory.setActivatedSockets(routing.main());
				factory.setProxyProtocolPolicy(proxyProtocol);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Server.class, ConfigurableJettyWebServerFactory.class })
	@ConditionalOnWebApplication
	static class JettyConfiguration {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> socketActivationJettyCustomizer(
				SocketRouting routing, ProxyProtocolPolicy proxyProtocol) {
			// runs last, so its server customizer runs after Boot's and the user's
			return (factory) -> factory
				.addServerCustomizers(new AdoptedConnectorsCustomizer(routing.main(), proxyProtocol));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpServer.class, NettyReactiveWebServerFactory.class, ReactorResourceFactory.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class NettyConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
		ActivatedNettyReactiveWebServerFactory nettyReactiveWebServerFactory(
				ObjectProvider<ReactorResourceFactory> resourceFactory, ObjectProvider<NettyRouteProvider> routes,
				ObjectProvider<NettyServerCustomizer> serverCustomizers) {
			ActivatedNettyReactiveWebServerFactory factory = new ActivatedNettyReactiveWebServerFactory();
			factory.setResourceFactory(resourceFactory.getIfAvailable());
			routes.orderedStream().forEach(factory::addRouteProviders);
			factory.getServerCustomizers().addAll(serverCustomizers.orderedStream().toList());
			return factory;
		}

		@Bean
		WebServerFactoryCustomizer<ActivatedNettyReactiveWebServerFactory> socketActivationNettyCustomizer(
				SocketRouting routing, ProxyProtocolPolicy proxyProtocol) {
			return (factory) -> {
				factory.setActivatedSockets(routing.main());
				factory.setProxyProtocolPolicy(proxyProtocol);
			};
		}

	}

}
