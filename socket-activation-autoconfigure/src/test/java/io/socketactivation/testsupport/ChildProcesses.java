package io.socketactivation.testsupport;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child processes a test started, each stopped by pid (with a timeout) after the
 * test: register it with {@code @RegisterExtension}, or call {@link #close()} where the
 * order of teardown matters (before the backends the children talk to).
 *
 * @author socket-activation contributors
 */
public final class ChildProcesses implements AfterEachCallback, AutoCloseable {

	private final List<ChildProcess> started = new ArrayList<>();

	/**
	 * Track a started process.
	 * @param process the process
	 * @return the process
	 */
	public ChildProcess add(ChildProcess process) {
		this.started.add(process);
		return process;
	}

	/**
	 * Stop every tracked process (see {@link ChildProcess#close()}).
	 */
	@Override
	public void close() {
		this.started.forEach(ChildProcess::close);
		this.started.clear();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

}
