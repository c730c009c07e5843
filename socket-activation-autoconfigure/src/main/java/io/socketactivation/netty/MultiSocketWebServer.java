package io.socketactivation.netty;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

/**
 * One {@link WebServer} made of one server per activated socket: Boot's Netty server
 * binds exactly one address, so each socket gets its own, all configured alike and
 * started, stopped and shut down together. The first socket's port is the port.
 *
 * @author socket-activation contributors
 */
class MultiSocketWebServer implements WebServer {

	private final List<WebServer> servers;

	MultiSocketWebServer(List<WebServer> servers) {
		this.servers = List.copyOf(servers);
	}

	@Override
	public void start() throws WebServerException {
		this.servers.forEach(WebServer::start);
	}

	@Override
	public void stop() throws WebServerException {
		this.servers.forEach(WebServer::stop);
	}

	@Override
	public int getPort() {
		return this.servers.get(0).getPort();
	}

	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
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
