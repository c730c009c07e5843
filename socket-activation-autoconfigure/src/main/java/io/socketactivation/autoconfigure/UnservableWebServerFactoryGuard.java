package io.socketactivation.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.WebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.util.ClassUtils;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;

/**
 * Refuses a web server factory that cannot serve the activated sockets (a plain Boot
 * factory bean defined by the user, reactive Tomcat, ...), rather than letting it bind a
 * port of its own while the service manager's sockets go unserved.
 *
 * @author socket-activation contributors
 */
class UnservableWebServerFactoryGuard implements WebServerFactoryCustomizer<WebServerFactory> {

	private static final String[] SERVABLE = { "io.socketactivation.tomcat.ActivatedTomcatServletWebServerFactory",
			"io.socketactivation.netty.ActivatedNettyReactiveWebServerFactory",
			"org.springframework.boot.jetty.ConfigurableJettyWebServerFactory" };

	private final Supplier<@Nullable ActivatedSockets> sockets;

	UnservableWebServerFactoryGuard(Supplier<@Nullable ActivatedSockets> sockets) {
		this.sockets = sockets;
	}

	@Override
	public void customize(WebServerFactory factory) {
		ActivatedSockets sockets = this.sockets.get();
		if (sockets == null || sockets.isEmpty() || isServable(factory)) {
			return;
		}
		throw new SocketActivationException(
				"The web server factory in use (" + factory.getClass().getName()
						+ ") cannot serve the activated sockets " + sockets + ".",
				"Socket activation serves servlet Tomcat, Jetty and Reactor Netty: make your factory bean extend "
						+ "ActivatedTomcatServletWebServerFactory or ActivatedNettyReactiveWebServerFactory (any "
						+ "Jetty factory works), or remove it, or set socket-activation.enabled=false.");
	}

	private static boolean isServable(WebServerFactory factory) {
		ClassLoader classLoader = factory.getClass().getClassLoader();
		for (String name : SERVABLE) {
			if (ClassUtils.isPresent(name, classLoader)
					&& ClassUtils.resolveClassName(name, classLoader).isInstance(factory)) {
				return true;
			}
		}
		return false;
	}

}
