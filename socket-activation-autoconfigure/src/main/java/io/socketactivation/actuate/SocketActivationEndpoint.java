package io.socketactivation.actuate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@link Endpoint @Endpoint} showing the whole socket-activation picture: whether the
 * process was activated and what the environment said, the activation variables it was
 * started with, and every listening socket with the server serving it. Read-only.
 *
 * @author socket-activation contributors
 */
@Endpoint(id = "socketactivation")
public class SocketActivationEndpoint {

	private final ServedListeners servedListeners;

	private final Map<String, String> variables;

	/**
	 * Create an endpoint.
	 * @param servedListeners the listening sockets
	 * @param variables the activation variables the process was started with
	 */
	public SocketActivationEndpoint(ServedListeners servedListeners, Map<String, String> variables) {
		this.servedListeners = servedListeners;
		this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
	}

	/**
	 * Return the socket-activation picture.
	 * @return the descriptor
	 */
	@ReadOperation
	public SocketActivationDescriptor socketActivation() {
		List<Map<String, Object>> listeners = this.servedListeners.listeners()
			.stream()
			.map(ServedListener::details)
			.toList();
		return new SocketActivationDescriptor(!this.servedListeners.getActivatedSockets().isEmpty(),
				this.servedListeners.getActivatedSockets().summary(), ProcessHandle.current().pid(), this.variables,
				listeners);
	}

	/**
	 * The socket-activation picture.
	 *
	 * @param activated whether any socket was handed over
	 * @param summary what the environment said, or why the process is not activated
	 * @param pid this process's id, to compare with {@code LISTEN_PID} and
	 * {@code WATCHDOG_PID}
	 * @param variables the activation variables the process was started with
	 * @param listeners every listening socket
	 */
	public record SocketActivationDescriptor(boolean activated, String summary, long pid, Map<String, String> variables,
			List<Map<String, Object>> listeners) implements OperationResponseBody {

	}

}
