package io.socketactivation.jetty;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import io.socketactivation.ActivatedSocket;

/**
 * A Jetty {@link ServerConnector} on an adopted socket. It accepts in its selector (no
 * acceptor threads: stopping never interrupts a blocking accept, which on a shared socket
 * could lose a client's connection), stops accepting as soon as shutdown begins and
 * serves what it accepted before closing (see {@link AcceptedConnectionsDrain}), never
 * binds, and reports the socket's real port. Closing closes this process's descriptor
 * only.
 *
 * @author socket-activation contributors
 */
public final class AdoptedServerConnector extends ServerConnector implements AdoptedConnector {

	private final ActivatedSocket socket;

	private final AtomicLong acceptedConnections = new AtomicLong();

	private final AcceptedConnectionsDrain drain = new AcceptedConnectionsDrain();

	/**
	 * Create a connector serving the given socket with the server's thread pool,
	 * scheduler and buffers.
	 * @param server the server
	 * @param selectors the number of selectors ({@code -1} for Jetty's default)
	 * @param socket the adopted socket
	 * @param factories the connection factories (HTTP/1.1, h2c, TLS, ...)
	 */
	public AdoptedServerConnector(Server server, int selectors, ActivatedSocket socket,
			ConnectionFactory... factories) {
		super(server, null, null, null, 0, selectors, factories);
		this.socket = socket;
		if (socket.address() instanceof InetSocketAddress inet) {
			setHost(inet.getAddress().getHostAddress());
			setPort(inet.getPort());
		}
		getSelectorManager().addEventListener(this.drain);
	}

	@Override
	public ActivatedSocket getSocket() {
		return this.socket;
	}

	@Override
	public long getAcceptedConnections() {
		return this.acceptedConnections.get();
	}

	@Override
	public int getOpenConnections() {
		return getConnectedEndPoints().size();
	}

	@Override
	protected void onEndPointOpened(EndPoint endPoint) {
		this.acceptedConnections.incrementAndGet();
		super.onEndPointOpened(endPoint);
		this.drain.endPointOpened(endPoint);
	}

	@Override
	protected ServerSocketChannel openAcceptChannel() {
		return this.socket.openChannel();
	}

	@Override
	public CompletableFuture<Void> shutdown() {
		// with the selector accepting, Jetty's shutdown alone would go on accepting
		setAccepting(false);
		return super.shutdown();
	}

	@Override
	protected void doStop() throws Exception {
		this.drain.stopAcceptingAndDrain(this, this.socket.channel());
		super.doStop();
	}

	@Override
	public int getLocalPort() {
		// the adopted JDK channel still reports its throwaway port: Jetty's open() reads
		// it
		int port = super.getLocalPort();
		return (port > 0) ? this.socket.port() : port;
	}

	@Override
	public String toString() {
		return super.toString() + "{" + this.socket.describe() + "}";
	}

}
