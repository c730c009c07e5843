package io.socketactivation.testapp.reactive;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * With {@code testapp.bound-port} set, the application also serves on that loopback port
 * with a second Reactor Netty server that binds it itself, made by Boot's own factory
 * with the same event loops, server customizers and {@link HttpHandler} as the main one:
 * {@code bench/servers.sh} compares it with the adopted socket inside one JVM.
 *
 * @author socket-activation contributors
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("testapp.bound-port")
class BoundServerConfiguration {

	@Bean
	BoundServer boundServer(@Value("${testapp.bound-port}") int port, HttpHandler httpHandler,
			ReactorResourceFactory resources, ObjectProvider<NettyServerCustomizer> customizers) throws Exception {
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory(port);
		factory.setAddress(InetAddress.getByName("127.0.0.1"));
		factory.setResourceFactory(resources);
		factory.setServerCustomizers(customizers.orderedStream().toList());
		return new BoundServer(factory, httpHandler);
	}

	/**
	 * The second server, started and stopped with the application context.
	 */
	static final class BoundServer implements SmartLifecycle {

		private final NettyReactiveWebServerFactory factory;

		private final HttpHandler httpHandler;

		private @Nullable WebServer server;

		BoundServer(NettyReactiveWebServerFactory factory, HttpHandler httpHandler) {
			this.factory = factory;
			this.httpHandler = httpHandler;
		}

		@Override
		public void start() {
			WebServer server = this.factory.getWebServer(this.httpHandler);
			server.start();
			this.server = server;
		}

		@Override
		public void stop() {
			WebServer server = this.server;
			if (server != null) {
				server.stop();
				this.server = null;
			}
		}

		@Override
		public boolean isRunning() {
			return this.server != null;
		}

	}

}
