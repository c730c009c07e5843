package io.socketactivation.actuate.autoconfigure;

import org.apache.catalina.startup.Tomcat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.actuate.ListenerInstrumentation;
import io.socketactivation.actuate.ServedListeners;
import io.socketactivation.actuate.WebServerListenersRecorder;
import io.socketactivation.autoconfigure.SocketActivationAutoConfiguration;
import io.socketactivation.tomcat.TomcatListenerInstrumentation;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of {@link ServedListeners}: the listening sockets and the servers
 * serving them, which the health indicator, the endpoint and the metrics read. Each
 * server adapter contributes a {@link ListenerInstrumentation} from a nested
 * configuration.
 *
 * @author socket-activation contributors
 */
@AutoConfiguration(after = SocketActivationAutoConfiguration.class)
@ConditionalOnBean(ActivatedSockets.class)
public final class ServedListenersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServedListeners servedListeners(ActivatedSockets sockets) {
		return new ServedListeners(sockets);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebServerInitializedEvent.class)
	@ConditionalOnWebApplication
	static class WebServerConfiguration {

		@Bean
		WebServerListenersRecorder webServerListenersRecorder(ServedListeners servedListeners,
				ObjectProvider<ListenerInstrumentation> instrumentations) {
			return new WebServerListenersRecorder(servedListeners, instrumentations.orderedStream().toList());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatWebServer.class })
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TomcatListenerInstrumentation tomcatListenerInstrumentation() {
			return new TomcatListenerInstrumentation();
		}

	}

}
