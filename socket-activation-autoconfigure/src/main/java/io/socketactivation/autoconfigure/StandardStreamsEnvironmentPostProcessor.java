package io.socketactivation.autoconfigure;

import java.io.IOException;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import io.socketactivation.FileDescriptors;
import io.socketactivation.inherited.StandardStreams;

/**
 * Repoints standard output and error when they are a listening socket (systemd
 * {@code StandardInput=socket} with the default {@code StandardOutput=inherit}), before
 * logging starts, so that no log line is lost.
 *
 * @author socket-activation contributors
 */
class StandardStreamsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final Log logger;

	StandardStreamsEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(StandardStreamsEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("socket-activation.enabled", Boolean.class, true)) {
			return;
		}
		try {
			String repaired = StandardStreams.repair(FileDescriptors.system());
			if (repaired != null) {
				this.logger.info(repaired);
			}
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			this.logger.warn("Could not check whether standard output is a socket: " + ex);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
