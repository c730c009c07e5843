package io.socketactivation.proxy.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * proxy-app's logging, configured in code rather than by a {@code logback.xml}: one line
 * per lifecycle event on stderr, as launch_socket_server; {@code --debug} (system
 * property {@code proxy.log-level}) adds one per connection. Parsing an XML configuration
 * loads some 600 classes (Joran and the JDK's XML parser): about 0.2 s before the first
 * forwarded byte of an on-demand start; the line is written by {@link ProxyLineEncoder}
 * rather than a pattern, for the same reason.
 *
 * @author socket-activation contributors
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ProxyLogConfigurator extends ContextAwareBase implements Configurator {

	/** The system property holding the level of proxy-app's own loggers. */
	public static final String LEVEL_PROPERTY = "proxy.log-level";

	@Override
	public ExecutionStatus configure(LoggerContext context) {
		ProxyLineEncoder encoder = new ProxyLineEncoder();
		encoder.setContext(context);
		encoder.start();
		ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
		stderr.setContext(context);
		stderr.setName("STDERR");
		stderr.setTarget("System.err");
		stderr.setEncoder(encoder);
		stderr.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.WARN);
		root.addAppender(stderr);
		context.getLogger("io.socketactivation")
			.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
		return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
	}

}
