package io.socketactivation.autoconfigure;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.tomcat.ActivatedTomcatServletWebServerFactory;

/**
 * Hands the activated sockets to the Tomcat factory, and refuses a factory that cannot
 * serve them rather than letting it bind a port of its own.
 *
 * @author socket-activation contributors
 */
class ActivatedTomcatFactoryCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ActivatedSockets sockets;

	ActivatedTomcatFactoryCustomizer(ActivatedSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (factory instanceof ActivatedTomcatServletWebServerFactory activated) {
			activated.setActivatedSockets(this.sockets);
		}
		else if (!this.sockets.isEmpty()) {
			throw new SocketActivationException(
					"The TomcatServletWebServerFactory in use (" + factory.getClass().getName()
							+ ") cannot serve the activated sockets " + this.sockets + ".",
					"Make your factory bean extend " + ActivatedTomcatServletWebServerFactory.class.getName()
							+ ", or remove it, or set socket-activation.enabled=false.");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
