package io.socketactivation.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;

/**
 * Every listening socket of this application and the server serving it: the activated
 * sockets, plus the port of each web server that serves none of them. Web servers are
 * recorded as they are initialized ({@link WebServerListenersRecorder}); until then, and
 * in applications without one, the activated sockets are listed with server {@code none}.
 *
 * @author socket-activation contributors
 */
public final class ServedListeners {

	/** The server name of the application's main web server. */
	public static final String MAIN_SERVER = "main";

	/** The server name given to sockets no web server serves. */
	public static final String NO_SERVER = "none";

	private final ActivatedSockets sockets;

	private final List<RecordedServer> servers = new CopyOnWriteArrayList<>();

	/**
	 * Create an instance for the given activated sockets.
	 * @param sockets the sockets handed to this process
	 */
	public ServedListeners(ActivatedSockets sockets) {
		this.sockets = sockets;
	}

	/**
	 * Return the activated sockets.
	 * @return the sockets
	 */
	public ActivatedSockets getActivatedSockets() {
		return this.sockets;
	}

	/**
	 * Record a web server that has been initialized.
	 * @param server its name: {@value #MAIN_SERVER}, or the namespace of its context (for
	 * example {@code management})
	 * @param port the port it reports
	 * @param listeners its instrumented listeners (the activated sockets it serves)
	 */
	public void record(String server, int port, List<ListenerConnections> listeners) {
		this.servers.add(new RecordedServer(server, port, List.copyOf(listeners)));
	}

	/**
	 * Return every listening socket: the activated ones in the order they were handed
	 * over, then the ports servers bound themselves.
	 * @return the listeners
	 */
	public List<ServedListener> listeners() {
		List<ServedListener> listeners = new ArrayList<>();
		for (ActivatedSocket socket : this.sockets) {
			listeners.add(activated(socket));
		}
		for (RecordedServer server : this.servers) {
			if (server.listeners().isEmpty() && server.port() > 0) {
				listeners.add(new ServedListener(server.name(), null, server.port(), null));
			}
		}
		return listeners;
	}

	/**
	 * Return the instrumented listeners of every recorded server, for metrics.
	 * @return the instrumented listeners
	 */
	public List<ListenerConnections> instrumented() {
		return this.servers.stream().flatMap((server) -> server.listeners().stream()).toList();
	}

	private ServedListener activated(ActivatedSocket socket) {
		for (RecordedServer server : this.servers) {
			for (ListenerConnections connections : server.listeners()) {
				if (Objects.equals(connections.socket(), socket)) {
					return new ServedListener(server.name(), socket, -1, connections);
				}
			}
		}
		return new ServedListener(NO_SERVER, socket, -1, null);
	}

	private record RecordedServer(String name, int port, List<ListenerConnections> listeners) {
	}

}
