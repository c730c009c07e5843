package io.socketactivation.tomcat;

import java.net.InetSocketAddress;

import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;

/**
 * Tomcat's socket wrapper for a connection whose PROXY protocol header named the client:
 * the request's remote address, host and port are the client's, never looked up.
 *
 * @author socket-activation contributors
 */
final class ClientAddressSocketWrapper extends NioSocketWrapper {

	ClientAddressSocketWrapper(NioChannel channel, NioEndpoint endpoint, InetSocketAddress client) {
		super(channel, endpoint);
		this.remoteAddr = client.getAddress().getHostAddress();
		this.remoteHost = this.remoteAddr;
		this.remotePort = client.getPort();
	}

	@Override
	protected void populateRemoteAddr() {
		// set from the header
	}

	@Override
	protected void populateRemoteHost() {
		// set from the header
	}

	@Override
	protected void populateRemotePort() {
		// set from the header
	}

}
