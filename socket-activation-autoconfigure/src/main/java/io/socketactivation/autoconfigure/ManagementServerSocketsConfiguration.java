package io.socketactivation.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.ConfigurableJettyWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.socketactivation.jetty.AdoptedConnectorsCustomizer;
import io.socketactivation.netty.ActivatedNettyReactiveWebServerFactory;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;
import io.socketactivation.tomcat.ActivatedTomcatServletWebServerFactory;

/**
 * Hands the sockets named for the management server to the Actuator management server,
 * when it runs in a child context on a port of its own. Boot gives that child context a
 * new factory of the main server's class, customized only by the child's beans.
 *
 * @author socket-activation contributors
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnBean(SocketRouting.class)
public final class ManagementServerSocketsConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, ActivatedTomcatServletWebServerFactory.class })
	static class TomcatConfiguration {

		@Bean
		WebServerFactoryCustomizer<ActivatedTomcatServletWebServerFactory> managementSocketsTomcatCustomizer(
				SocketRouting routing, ObjectProvider<ProxyProtocolPolicy> proxyProtocol) {
			return (factory) -> {
				factory.setActivatedSockets(routing.management());
				factory.setProxyProtocolPolicy(proxyProtocol.getIfAvailable(ProxyProtocolPolicy::none));
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Server.class, ConfigurableJettyWebServerFactory.class })
	static class JettyConfiguration {

		@Bean
		WebServerFactoryCustomizer<ConfigurableJettyWebServerFactory> managementSocketsJettyCustomizer(
				SocketRouting routing, ObjectProvider<ProxyProtocolPolicy> proxyProtocol) {
			return (factory) -> factory.addServerCustomizers(new AdoptedConnectorsCustomizer(routing.management(),
					proxyProtocol.getIfAvailable(ProxyProtocolPolicy::none)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpServer.class, ActivatedNettyReactiveWebServerFactory.class })
	static class NettyConfiguration {

		@Bean
		WebServerFactoryCustomizer<ActivatedNettyReactiveWebServerFactory> managementSocketsNettyCustomizer(
				SocketRouting routing, ObjectProvider<ProxyProtocolPolicy> proxyProtocol) {
			return (factory) -> {
				factory.setActivatedSockets(routing.management());
				factory.setProxyProtocolPolicy(proxyProtocol.getIfAvailable(ProxyProtocolPolicy::none));
			};
		}

	}

}
