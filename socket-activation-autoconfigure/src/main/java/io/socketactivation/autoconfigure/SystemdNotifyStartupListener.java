package io.socketactivation.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import io.socketactivation.SocketActivationException;
import io.socketactivation.notify.StartupNotifications;
import io.socketactivation.notify.SystemdNotifiers;

/**
 * Sends the start-up notifications ({@link StartupNotifications}) from the moment the
 * environment is prepared, long before the beans that may make start-up slow, until the
 * application is ready or has failed. Registered in {@code META-INF/spring.factories};
 * does nothing unless {@code NOTIFY_SOCKET} is set, junixsocket is present and
 * {@code socket-activation.notify.enabled} is not {@code false}. An unusable
 * {@code NOTIFY_SOCKET} is reported by {@link SystemdNotifyAutoConfiguration}.
 *
 * @author socket-activation contributors
 */
class SystemdNotifyStartupListener implements SmartApplicationListener {

	private static final Log logger = LogFactory.getLog(SystemdNotifyStartupListener.class);

	private static final boolean JUNIXSOCKET_PRESENT = ClassUtils
		.isPresent("org.newsclub.net.unix.AFUNIXDatagramChannel", SystemdNotifyStartupListener.class.getClassLoader());

	private @Nullable StartupNotifications notifications;

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
				|| ApplicationReadyEvent.class.isAssignableFrom(eventType)
				|| ApplicationFailedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			starting(prepared.getEnvironment());
		}
		else {
			finished();
		}
	}

	private synchronized void starting(ConfigurableEnvironment environment) {
		String notifySocket = environment.getProperty(SystemdNotifyAutoConfiguration.NOTIFY_SOCKET);
		if (notifySocket == null || !JUNIXSOCKET_PRESENT || this.notifications != null) {
			return;
		}
		SystemdNotifyProperties properties = Binder.get(environment)
			.bindOrCreate("socket-activation.notify", SystemdNotifyProperties.class);
		if (!properties.isEnabled()) {
			return;
		}
		try {
			StartupNotifications notifications = new StartupNotifications(SystemdNotifiers.forSocket(notifySocket),
					properties.getExtendTimeout());
			notifications.starting();
			this.notifications = notifications;
		}
		catch (SocketActivationException ex) {
			logger.debug("No start-up notifications: " + ex.getDescription());
		}
	}

	private synchronized void finished() {
		StartupNotifications notifications = this.notifications;
		if (notifications != null) {
			notifications.finished();
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
