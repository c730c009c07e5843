package io.socketactivation.netty;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

import io.socketactivation.actuate.ListenerConnections;

/**
 * One {@link WebServer} made of one server per activated socket: Boot's Netty server
 * binds exactly one address, so each socket gets its own, all configured alike and
 * started, stopped and shut down together (a graceful shutdown stops accepting on every
 * socket first, then lets accepted connections be served). The port is the first TCP
 * socket's. Also holds each socket's connection counts.
 *
 * @author socket-activation contributors
 */
class MultiSocketWebServer implements WebServer {

	/**
	 * How long, at most, a connection accepted before a graceful shutdown has to send its
	 * first request (as long as the Tomcat adapter waits for accepted connections).
	 */
	private static final long FIRST_REQUEST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final List<WebServer> servers;

	private final List<ListenerConnections> listeners;

	private final List<AcceptedConnectionsDrain> drains;

	MultiSocketWebServer(List<WebServer> servers, List<? extends ListenerConnections> listeners,
			List<AcceptedConnectionsDrain> drains) {
		this.servers = List.copyOf(servers);
		this.listeners = List.copyOf(listeners);
		this.drains = List.copyOf(drains);
	}

	/**
	 * Return the connection counts of each socket.
	 * @return one entry per socket
	 */
	List<ListenerConnections> listeners() {
		return this.listeners;
	}

	@Override
	public void start() throws WebServerException {
		this.servers.forEach(WebServer::start);
	}

	@Override
	public void stop() throws WebServerException {
		this.servers.forEach(WebServer::stop);
	}

	/**
	 * Return the port of the first socket that has one (a Unix socket has none), else -1.
	 * @return the port
	 */
	@Override
	public int getPort() {
		return this.servers.stream().mapToInt(WebServer::getPort).filter((port) -> port > 0).findFirst().orElse(-1);
	}

	/**
	 * Stop accepting on every socket, let the connections already accepted receive their
	 * first request (see {@link AcceptedConnectionsDrain}), then shut every server down
	 * gracefully; on a thread of its own, as Boot's Netty server does.
	 */
	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		Thread drain = new Thread(() -> {
			long deadline = System.nanoTime() + FIRST_REQUEST_WAIT_NANOS;
			this.drains.forEach((accepted) -> accepted.stopAccepting(deadline));
			this.drains.forEach((accepted) -> accepted.awaitFirstRequests(deadline));
			shutDownServersGracefully(callback);
		}, "netty-accepted-connections-drain");
		drain.start();
	}

	private void shutDownServersGracefully(GracefulShutdownCallback callback) {
		AtomicInteger remaining = new AtomicInteger(this.servers.size());
		GracefulShutdownResult[] results = new GracefulShutdownResult[this.servers.size()];
		for (int i = 0; i < this.servers.size(); i++) {
			int index = i;
			this.servers.get(i).shutDownGracefully((result) -> {
				results[index] = result;
				if (remaining.decrementAndGet() == 0) {
					callback.shutdownComplete(combine(results));
				}
			});
		}
	}

	private static GracefulShutdownResult combine(GracefulShutdownResult[] results) {
		GracefulShutdownResult combined = GracefulShutdownResult.IMMEDIATE;
		for (GracefulShutdownResult result : results) {
			if (result == GracefulShutdownResult.REQUESTS_ACTIVE) {
				return result;
			}
			if (result == GracefulShutdownResult.IDLE) {
				combined = result;
			}
		}
		return combined;
	}

	@Override
	public void destroy() {
		this.servers.forEach(WebServer::destroy);
	}

}
