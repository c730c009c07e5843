package io.socketactivation.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ProxyConnectionFactory;

/**
 * Jetty's {@link ProxyConnectionFactory} with the header required: Jetty's own serves a
 * connection that starts with neither a version 1 nor a version 2 header as if it had
 * none, which would let the proxy's own address pass for the client's. This one closes
 * it.
 *
 * @author socket-activation contributors
 */
final class RequiredProxyConnectionFactory extends ProxyConnectionFactory {

	private static final Log logger = LogFactory.getLog(RequiredProxyConnectionFactory.class);

	/**
	 * Create a factory that hands connections to the given protocol after the header.
	 * @param nextProtocol the protocol after the header ({@code http/1.1}, {@code ssl},
	 * ...)
	 */
	RequiredProxyConnectionFactory(String nextProtocol) {
		super(nextProtocol);
	}

	@Override
	protected void nextProtocol(Connector connector, EndPoint endPoint, ByteBuffer buffer) {
		if (logger.isDebugEnabled()) {
			logger.debug("Closed a connection to " + connector
					+ " without a valid PROXY protocol header: it starts with neither a version 1 nor a version 2 "
					+ "header");
		}
		endPoint.close(new IOException("No PROXY protocol header"));
	}

}
