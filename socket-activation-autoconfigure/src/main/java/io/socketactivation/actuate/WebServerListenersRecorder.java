package io.socketactivation.actuate;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.StringUtils;

/**
 * Records each web server as it is initialized, main or management (the management
 * server's event reaches the main context too), with the listeners every
 * {@link ListenerInstrumentation} finds in it.
 *
 * @author socket-activation contributors
 */
public class WebServerListenersRecorder implements ApplicationListener<WebServerInitializedEvent> {

	private final ServedListeners servedListeners;

	private final List<ListenerInstrumentation> instrumentations;

	/**
	 * Create a recorder.
	 * @param servedListeners where to record
	 * @param instrumentations the instrumentation of each supported server
	 */
	public WebServerListenersRecorder(ServedListeners servedListeners, List<ListenerInstrumentation> instrumentations) {
		this.servedListeners = servedListeners;
		this.instrumentations = List.copyOf(instrumentations);
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServer webServer = event.getWebServer();
		String namespace = event.getApplicationContext().getServerNamespace();
		String server = StringUtils.hasText(namespace) ? namespace : ServedListeners.MAIN_SERVER;
		List<ListenerConnections> listeners = new ArrayList<>();
		for (ListenerInstrumentation instrumentation : this.instrumentations) {
			listeners.addAll(instrumentation.listeners(webServer));
		}
		this.servedListeners.record(server, webServer.getPort(), listeners);
	}

}
