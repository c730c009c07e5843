package io.socketactivation;

import java.util.Collection;
import java.util.LinkedHashSet;
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

	private static final ActivationSettings DEFAULTS = new ActivationSettings(DEFAULT_LAUNCHD_NAMES, List.of());

	private final List<String> launchdNames;

	private final List<String> socketNames;

	private ActivationSettings(List<String> launchdNames, List<String> socketNames) {
		this.launchdNames = launchdNames;
		this.socketNames = socketNames;
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
		return new ActivationSettings(names.stream().distinct().toList(), this.socketNames);
	}

	/**
	 * Return settings that adopt only the handed-over fds with one of the given names
	 * ({@code FileDescriptorName=} in systemd, the plist's {@code Sockets} key in
	 * launchd). Every other fd is left alone: not checked, not adopted and left open, for
	 * the application or nobody (an fd-store entry, a {@code ListenDatagram=} socket).
	 * @param names the names; empty to adopt every fd (the default)
	 * @return the new settings
	 */
	public ActivationSettings withSocketNames(Collection<String> names) {
		return new ActivationSettings(this.launchdNames, List.copyOf(new LinkedHashSet<>(names)));
	}

	/**
	 * Return the launchd socket names to ask for, in order.
	 * @return the names
	 */
	public List<String> launchdNames() {
		return this.launchdNames;
	}

	/**
	 * Return the names of the fds to adopt.
	 * @return the names, empty when every fd is adopted
	 */
	public List<String> socketNames() {
		return this.socketNames;
	}

	/**
	 * Whether an fd with the given name is adopted.
	 * @param name the fd's name
	 * @return {@code true} when no names are set or the name is one of them
	 */
	public boolean selects(String name) {
		return this.socketNames.isEmpty() || this.socketNames.contains(name);
	}

	@Override
	public String toString() {
		return "ActivationSettings[launchdNames=" + this.launchdNames + ", socketNames=" + this.socketNames + "]";
	}

}
