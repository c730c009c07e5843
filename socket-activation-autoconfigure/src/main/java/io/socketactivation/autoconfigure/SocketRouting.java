package io.socketactivation.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;

/**
 * Which activated sockets the main server serves and which the Actuator management server
 * serves, by their names ({@code FileDescriptorName=} in systemd).
 *
 * @param main the sockets the main web server serves
 * @param management the sockets the management server serves
 * @author socket-activation contributors
 */
public record SocketRouting(ActivatedSockets main, ActivatedSockets management) {

	private static final Log logger = LogFactory.getLog(SocketRouting.class);

	private static final String MANAGEMENT_CONTEXT = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration";

	/**
	 * Route the sockets: those named {@code socket-activation.management-name} to the
	 * management server (which must then run on a port of its own), the rest (or those
	 * named in {@code socket-activation.names}) to the main server.
	 * @param sockets all sockets
	 * @param properties the properties
	 * @param environment the environment, for {@code server.port} and
	 * {@code management.server.port}
	 * @return the routing
	 * @throws SocketActivationException if a socket has nowhere to go, or a required
	 * selection matches nothing
	 */
	public static SocketRouting of(ActivatedSockets sockets, SocketActivationProperties properties,
			Environment environment) {
		if (sockets.isEmpty() && sockets.leftAlone().isEmpty()) {
			return new SocketRouting(sockets, sockets);
		}
		String managementName = properties.getManagementName();
		List<ActivatedSocket> management = sockets.named(managementName);
		if (!management.isEmpty() && !hasSeparateManagementServer(environment)) {
			throw new SocketActivationException(
					"The socket named '" + managementName + "' (" + management + ") is meant for the management "
							+ "server, but Actuator does not run a server of its own.",
					"Set management.server.port to a value other than server.port (the socket is served whatever "
							+ "the value), or rename the socket, or set socket-activation.management-name.");
		}
		List<String> names = properties.getNames();
		List<ActivatedSocket> main = sockets.stream()
			.filter((socket) -> !socket.name().equals(managementName))
			.filter((socket) -> names.isEmpty() || names.contains(socket.name()))
			.toList();
		List<String> notServed = new ArrayList<>();
		sockets.stream()
			.filter((socket) -> !main.contains(socket) && !management.contains(socket))
			.forEach((socket) -> notServed.add(socket.describe()));
		sockets.leftAlone().forEach((fd) -> notServed.add(fd.describe()));
		if (!notServed.isEmpty()) {
			logger.info("Left alone, as socket-activation.names=" + names + " does not select them: " + notServed
					+ " (a listening socket among them queues its connections until a process serves them)");
		}
		if (main.isEmpty() && !names.isEmpty()) {
			String description = "socket-activation.names=" + names + " matches none of the activated sockets "
					+ notServed + ".";
			if (properties.isRequired()) {
				throw new SocketActivationException(description,
						"Name the sockets with FileDescriptorName= in the .socket unit (systemd-socket-activate: "
								+ "--fdname=), or correct socket-activation.names.");
			}
			logger.warn(description + " The main server binds server.port instead.");
		}
		return new SocketRouting(ActivatedSockets.of(main, sockets.summary()),
				ActivatedSockets.of(management, sockets.summary()));
	}

	private static boolean hasSeparateManagementServer(Environment environment) {
		if (!ClassUtils.isPresent(MANAGEMENT_CONTEXT, SocketRouting.class.getClassLoader())) {
			return false;
		}
		Integer managementPort = environment.getProperty("management.server.port", Integer.class);
		Integer serverPort = environment.getProperty("server.port", Integer.class, 8080);
		// Boot's rule (ManagementPortType): port 0 is always a server of its own
		return managementPort != null && managementPort >= 0
				&& (managementPort == 0 || !managementPort.equals(serverPort));
	}

}
