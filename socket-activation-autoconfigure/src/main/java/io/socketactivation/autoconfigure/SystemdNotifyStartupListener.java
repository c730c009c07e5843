package io.socketactivation.autoconfigure;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

import io.socketactivation.SocketActivationException;
import io.socketactivation.notify.StartupNotifications;
import io.socketactivation.notify.SystemdNotifiers;

/**
 * Sends the start-up notification ({@link StartupNotifications}) as soon as the
 * environment is prepared, before the beans that may make start-up slow. Registered in
 * {@code META-INF/spring.factories}; does nothing unless {@code NOTIFY_SOCKET} is set,
 * junixsocket is present and {@code socket-activation.notify.enabled} is not
 * {@code false}. An unusable {@code NOTIFY_SOCKET} is reported by
 * {@link SystemdNotifyAutoConfiguration}. Not ordered, so that it runs after the
 * environment post-processors have loaded the application's configuration files.
 *
 * @author socket-activation contributors
 */
class SystemdNotifyStartupListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(SystemdNotifyStartupListener.class);

	private static final boolean JUNIXSOCKET_PRESENT = ClassUtils
		.isPresent("org.newsclub.net.unix.AFUNIXDatagramChannel", SystemdNotifyStartupListener.class.getClassLoader());

	private boolean sent;

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		starting(event.getEnvironment());
	}

	private synchronized void starting(ConfigurableEnvironment environment) {
		String notifySocket = environment.getProperty(SystemdNotifyAutoConfiguration.NOTIFY_SOCKET);
		if (notifySocket == null || !JUNIXSOCKET_PRESENT || this.sent) {
			return;
		}
		SystemdNotifyProperties properties = Binder.get(environment)
			.bindOrCreate("socket-activation.notify", SystemdNotifyProperties.class);
		if (!properties.isEnabled()) {
			return;
		}
		try {
			new StartupNotifications(SystemdNotifiers.forSocket(notifySocket), properties.getExtendTimeout())
				.starting();
			this.sent = true;
		}
		catch (SocketActivationException ex) {
			logger.debug("No start-up notifications: " + ex.getDescription());
		}
	}

}
