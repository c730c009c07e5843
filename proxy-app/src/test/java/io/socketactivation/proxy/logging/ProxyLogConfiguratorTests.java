package io.socketactivation.proxy.logging;

import java.util.ServiceLoader;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProxyLogConfigurator}.
 */
class ProxyLogConfiguratorTests {

	private final LoggerContext context = new LoggerContext();

	@AfterEach
	void clear() {
		System.clearProperty(ProxyLogConfigurator.LEVEL_PROPERTY);
		this.context.stop();
	}

	@Test
	void logsLifecycleEventsOfProxyAppAndOnlyWarningsOfLibrariesToStandardError() {
		assertThat(configure()).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
		Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);
		assertThat(root.getLevel()).isEqualTo(Level.WARN);
		assertThat(this.context.getLogger("io.socketactivation.proxy.Proxy").getEffectiveLevel()).isEqualTo(Level.INFO);
		assertThat(this.context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.WARN);
		ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
		assertThat(appender).isNotNull();
		assertThat(appender.getTarget()).isEqualTo("System.err");
		assertThat(appender.isStarted()).isTrue();
	}

	@Test
	void debugOptionAddsProxyAppsDebugLines() {
		System.setProperty(ProxyLogConfigurator.LEVEL_PROPERTY, "DEBUG");
		configure();
		assertThat(this.context.getLogger("io.socketactivation.proxy.forward").getEffectiveLevel())
			.isEqualTo(Level.DEBUG);
		assertThat(this.context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
	}

	@Test
	void isTheConfiguratorLogbackFinds() {
		assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
			.contains(ProxyLogConfigurator.class);
	}

	private ExecutionStatus configure() {
		ProxyLogConfigurator configurator = new ProxyLogConfigurator();
		configurator.setContext(this.context);
		return configurator.configure(this.context);
	}

}
