package io.socketactivation.tomcat;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.apache.coyote.http11.Http11NioProtocol;

import io.socketactivation.ActivatedSocket;

/**
 * Tomcat's HTTP/1.1 NIO protocol (with HTTP/2 upgrade and TLS as configured) on an
 * {@link AdoptedNioEndpoint}. Tomcat creates protocols by class name, so the socket is
 * assigned after creation with {@link #adopt(ActivatedSocket)}.
 *
 * @author socket-activation contributors
 */
public class AdoptedHttp11NioProtocol extends Http11NioProtocol {

	private final AdoptedNioEndpoint endpoint;

	/**
	 * Create a protocol with no socket assigned yet.
	 */
	public AdoptedHttp11NioProtocol() {
		this(new AdoptedNioEndpoint());
	}

	private AdoptedHttp11NioProtocol(AdoptedNioEndpoint endpoint) {
		super(endpoint);
		this.endpoint = endpoint;
	}

	/**
	 * Assign the socket this protocol serves.
	 * @param socket the adopted socket
	 */
	public void adopt(ActivatedSocket socket) {
		this.endpoint.adopt(socket);
		if (socket.address() instanceof InetSocketAddress inet) {
			// names threads and MBeans after the real address, distinct per socket
			setAddress(inet.getAddress());
			setPort(inet.getPort());
		}
	}

	/**
	 * Set whether every connection must start with a PROXY protocol header, whose client
	 * address then is the connection's remote address.
	 * @param proxyProtocol whether the header is required
	 */
	public void setProxyProtocol(boolean proxyProtocol) {
		this.endpoint.setProxyProtocol(proxyProtocol);
	}

	/**
	 * Set how long a connection may take to send its complete PROXY protocol header.
	 * @param timeout the timeout, positive
	 */
	public void setProxyHeaderTimeout(Duration timeout) {
		this.endpoint.setProxyHeaderTimeout(timeout);
	}

	/**
	 * Return the endpoint, for instrumentation (accepted and open connections).
	 * @return the endpoint
	 */
	public AdoptedNioEndpoint getAdoptedEndpoint() {
		return this.endpoint;
	}

	/**
	 * Whether a socket was assigned.
	 * @return {@code true} once {@link #adopt(ActivatedSocket)} was called
	 */
	public boolean isAdopted() {
		return this.endpoint.getAdoptedSocket() != null;
	}

}
