package io.socketactivation.nativeio;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.socketactivation.AbstractUnixSocketAddress;

/**
 * Decodes a {@code struct sockaddr} as filled in by {@code getsockname(2)}.
 *
 * @author socket-activation contributors
 */
final class SocketAddressDecoder {

	/** Large enough for {@code sockaddr_storage} on every platform. */
	static final int BUFFER_SIZE = 128;

	private final Platform platform;

	SocketAddressDecoder(Platform platform) {
		this.platform = platform;
	}

	/**
	 * Return the address family of an encoded address.
	 * @param buffer the address
	 * @param length its length
	 * @return the family, or -1 when too short
	 */
	int family(byte[] buffer, int length) {
		if (length < 2) {
			return -1;
		}
		if (this.platform.lengthPrefixedSockaddr()) {
			return buffer[1] & 0xff;
		}
		return nativeOrder(buffer).getShort(0) & 0xffff;
	}

	/**
	 * Decode an address of family INET, INET6 or UNIX.
	 * @param buffer the address
	 * @param length its length
	 * @return the address, or {@code null} for another family or an unnamed Unix socket
	 */
	@Nullable SocketAddress decode(byte[] buffer, int length) {
		int family = family(buffer, length);
		try {
			if (family == this.platform.afInet() && length >= 8) {
				return new InetSocketAddress(InetAddress.getByAddress(Arrays.copyOfRange(buffer, 4, 8)), port(buffer));
			}
			if (family == this.platform.afInet6() && length >= 24) {
				byte[] address = Arrays.copyOfRange(buffer, 8, 24);
				int scope = (length >= 28) ? nativeOrder(buffer).getInt(24) : 0;
				InetAddress inet = (scope != 0) ? Inet6Address.getByAddress(null, address, scope)
						: InetAddress.getByAddress(address);
				return new InetSocketAddress(inet, port(buffer));
			}
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Address of unexpected length", ex);
		}
		if (family == this.platform.afUnix()) {
			return decodeUnix(buffer, length);
		}
		return null;
	}

	private @Nullable SocketAddress decodeUnix(byte[] buffer, int length) {
		int start = 2;
		if (length <= start) {
			return null;
		}
		if (buffer[start] == 0) {
			if (this.platform.lengthPrefixedSockaddr()) {
				return null;
			}
			return new AbstractUnixSocketAddress(
					new String(buffer, start + 1, length - start - 1, StandardCharsets.UTF_8));
		}
		int end = start;
		while (end < length && buffer[end] != 0) {
			end++;
		}
		return UnixDomainSocketAddress.of(new String(buffer, start, end - start, StandardCharsets.UTF_8));
	}

	private static int port(byte[] buffer) {
		return ((buffer[2] & 0xff) << 8) | (buffer[3] & 0xff);
	}

	private static ByteBuffer nativeOrder(byte[] buffer) {
		return ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
	}

}
