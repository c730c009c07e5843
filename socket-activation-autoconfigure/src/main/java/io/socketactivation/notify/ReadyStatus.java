package io.socketactivation.notify;

import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;

/**
 * The {@code STATUS=} text sent with {@code READY=1}: the activated sockets, or the port
 * the web server bound.
 *
 * @author socket-activation contributors
 */
final class ReadyStatus {

	private static final boolean WEB_SERVER_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.web.server.context.WebServerApplicationContext",
			ReadyStatus.class.getClassLoader());

	private ReadyStatus() {
	}

	static String of(ApplicationContext context) {
		ActivatedSockets sockets = context.getBeanProvider(ActivatedSockets.class).getIfAvailable();
		if (sockets != null && !sockets.isEmpty()) {
			return "Serving " + sockets.stream().map(ActivatedSocket::describe).collect(Collectors.joining(", "));
		}
		String webServerStatus = WEB_SERVER_PRESENT ? WebServerStatus.of(context) : null;
		return (webServerStatus != null) ? webServerStatus : "Started";
	}

	/**
	 * Kept apart so that {@link ReadyStatus} loads without the web server classes.
	 */
	private static final class WebServerStatus {

		static @Nullable String of(ApplicationContext context) {
			if (context instanceof WebServerApplicationContext webContext) {
				WebServer webServer = webContext.getWebServer();
				if (webServer != null) {
					return "Serving on port " + webServer.getPort();
				}
			}
			return null;
		}

	}

}
