package io.socketactivation;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.socketactivation.nativeio.NativeProcess;

/**
 * The real process environment: {@link System#getenv()}, with removal done in the C
 * environment too, so that children started with an inherited environment do not see the
 * removed variables. The JDK's own copy cannot change, so removed names are remembered.
 *
 * @author socket-activation contributors
 */
final class SystemActivationEnvironment implements ActivationEnvironment {

	static final SystemActivationEnvironment INSTANCE = new SystemActivationEnvironment();

	private final Set<String> removed = ConcurrentHashMap.newKeySet();

	private SystemActivationEnvironment() {
	}

	@Override
	public @Nullable String get(String name) {
		return this.removed.contains(name) ? null : System.getenv(name);
	}

	@Override
	public long pid() {
		return ProcessHandle.current().pid();
	}

	@Override
	public OptionalLong pidfdId() {
		return NativeProcess.pidfdId();
	}

	@Override
	public void unset(String... names) {
		for (String name : names) {
			// the JDK's copy is the C environment at start-up: a variable missing from it
			// is not there to remove, and a process that was not activated needs no
			// native call
			if (System.getenv(name) != null) {
				NativeProcess.unsetenv(name);
			}
			this.removed.add(name);
		}
	}

}
