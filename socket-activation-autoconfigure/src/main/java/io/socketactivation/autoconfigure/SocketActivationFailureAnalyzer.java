package io.socketactivation.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.socketactivation.SocketActivationException;

/**
 * Turns a {@link SocketActivationException} into Boot's start-up failure report: what was
 * found, and what to change in the unit, plist or configuration.
 *
 * @author socket-activation contributors
 */
class SocketActivationFailureAnalyzer extends AbstractFailureAnalyzer<SocketActivationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SocketActivationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
