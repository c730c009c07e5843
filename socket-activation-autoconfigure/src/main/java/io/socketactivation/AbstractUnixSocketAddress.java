package io.socketactivation;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * A Linux abstract Unix socket address ({@code @name}), which the JDK cannot represent.
 *
 * @author socket-activation contributors
 */
public final class AbstractUnixSocketAddress extends SocketAddress {

	private static final long serialVersionUID = 1L;

	private final String name;

	/**
	 * Create an address for the given abstract name.
	 * @param name the name, without the leading NUL byte or {@code @}
	 */
	public AbstractUnixSocketAddress(String name) {
		this.name = name;
	}

	/**
	 * Return the abstract name, without the leading NUL byte or {@code @}.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof AbstractUnixSocketAddress other) && this.name.equals(other.name);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name);
	}

	@Override
	public String toString() {
		return "@" + this.name;
	}

}
