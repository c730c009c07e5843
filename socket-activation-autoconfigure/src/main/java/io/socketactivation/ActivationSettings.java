package io.socketactivation;

import java.util.List;

/**
 * How {@link SocketActivation#collect(ActivationSettings)} looks for sockets. Immutable;
 * start from {@link #defaults()}.
 *
 * @author socket-activation contributors
 */
public final class ActivationSettings {

	/**
	 * The launchd socket names asked for by default: {@code Socket}
	 * (launch_socket_server's convention), then {@code listeners} (Homebrew services').
	 */
	public static final List<String> DEFAULT_LAUNCHD_NAMES = List.of("Socket", "listeners");

	private static final ActivationSettings DEFAULTS = new ActivationSettings(DEFAULT_LAUNCHD_NAMES);

	private final List<String> launchdNames;

	private ActivationSettings(List<String> launchdNames) {
		this.launchdNames = launchdNames;
	}

	/**
	 * Return the default settings.
	 * @return the defaults
	 */
	public static ActivationSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * Return settings that ask launchd for the given socket names, in order, each once.
	 * @param names keys of the plist's {@code Sockets} dictionary, at least one, none
	 * blank; a repeated name is asked for once
	 * @return the new settings
	 * @throws IllegalArgumentException if the list is empty or a name is blank
	 */
	public ActivationSettings withLaunchdNames(List<String> names) {
		if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
			throw new IllegalArgumentException(
					"launchd socket names must be at least one non-blank key of the plist's Sockets, not " + names);
		}
		return new ActivationSettings(names.stream().distinct().toList());
	}

	/**
	 * Return the launchd socket names to ask for, in order.
	 * @return the names
	 */
	public List<String> launchdNames() {
		return this.launchdNames;
	}

	@Override
	public String toString() {
		return "ActivationSettings[launchdNames=" + this.launchdNames + "]";
	}

}
