package io.socketactivation.proxyprotocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

import io.socketactivation.proxyprotocol.ProxyHeader.Command;
import io.socketactivation.proxyprotocol.ProxyHeader.Family;

/**
 * Decodes a PROXY protocol header (HAProxy's proxy-protocol.txt): version 1
 * ({@code PROXY TCP4|TCP6|UNKNOWN ...\r\n}) and version 2 (binary: {@code LOCAL} or
 * {@code PROXY}, {@code AF_UNSPEC}, {@code AF_INET}, {@code AF_INET6} or {@code AF_UNIX},
 * TLVs skipped). Addresses are IP literals only: nothing is ever looked up.
 * <p>
 * {@link #missingBytes(byte[], int)} tells a reader how many bytes it may read without
 * reading past the header, so that what follows it stays in the socket for the server.
 *
 * @author socket-activation contributors
 */
public final class ProxyHeaderDecoder {

	/** A version 1 header's longest line, CRLF included. */
	static final int MAX_V1_LENGTH = 107;

	/** The shortest version 1 header ({@code PROXY UNKNOWN\r\n}); version 2's is 16. */
	static final int MIN_LENGTH = 15;

	/** The most address and TLV bytes accepted after version 2's fixed 16 bytes. */
	static final int MAX_V2_PAYLOAD = 4096;

	private static final int V2_FIXED_LENGTH = 16;

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V1_TCP_PREFIX = "PROXY TCP".getBytes(StandardCharsets.US_ASCII);

	private static final int V1_TCP_SPACES = 5;

	private static final int UNIX_PATH_LENGTH = 108;

	private ProxyHeaderDecoder() {
	}

	/**
	 * Return how many more bytes a header that starts with the given bytes needs at
	 * least: never more than it really needs, so that reading that many never reads past
	 * the header.
	 * @param bytes the bytes read so far
	 * @param length how many of them
	 * @return {@code 0} when the bytes are exactly one complete header, else a positive
	 * lower bound
	 * @throws InvalidProxyHeaderException if the bytes cannot start a valid header
	 */
	public static int missingBytes(byte[] bytes, int length) throws InvalidProxyHeaderException {
		if (length == 0) {
			return MIN_LENGTH;
		}
		if (bytes[0] == V2_SIGNATURE[0]) {
			return missingV2Bytes(bytes, length);
		}
		if (bytes[0] == V1_PREFIX[0]) {
			return missingV1Bytes(bytes, length);
		}
		throw notAHeader(bytes, length);
	}

	/**
	 * Decode a complete header.
	 * @param bytes the header's bytes, exactly
	 * @param length how many of them
	 * @return the header
	 * @throws InvalidProxyHeaderException if the bytes are not exactly one valid header
	 */
	public static ProxyHeader decode(byte[] bytes, int length) throws InvalidProxyHeaderException {
		int missing = missingBytes(bytes, length);
		if (missing != 0) {
			throw new InvalidProxyHeaderException(
					"Incomplete PROXY protocol header: " + length + " bytes, at least " + missing + " more expected");
		}
		return (bytes[0] == V2_SIGNATURE[0]) ? decodeV2(bytes) : decodeV1(bytes, length);
	}

	private static int missingV2Bytes(byte[] bytes, int length) throws InvalidProxyHeaderException {
		int signature = Math.min(length, V2_SIGNATURE.length);
		if (!Arrays.equals(bytes, 0, signature, V2_SIGNATURE, 0, signature)) {
			throw notAHeader(bytes, length);
		}
		if (length < V2_FIXED_LENGTH) {
			return V2_FIXED_LENGTH - length;
		}
		int version = (bytes[12] & 0xF0) >> 4;
		if (version != 2) {
			throw new InvalidProxyHeaderException("PROXY protocol version 2 signature with version " + version);
		}
		command(bytes[12]);
		family(bytes[13]);
		int payload = ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF);
		if (payload > MAX_V2_PAYLOAD) {
			throw new InvalidProxyHeaderException("PROXY protocol version 2 header announces " + payload
					+ " bytes of addresses and TLVs; at most " + MAX_V2_PAYLOAD + " are accepted");
		}
		int total = V2_FIXED_LENGTH + payload;
		if (length > total) {
			throw new InvalidProxyHeaderException(
					"Read " + length + " bytes of a PROXY protocol version 2 header of " + total);
		}
		return total - length;
	}

	private static int missingV1Bytes(byte[] bytes, int length) throws InvalidProxyHeaderException {
		int prefix = Math.min(length, V1_PREFIX.length);
		if (!Arrays.equals(bytes, 0, prefix, V1_PREFIX, 0, prefix)) {
			throw notAHeader(bytes, length);
		}
		int spaces = 0;
		for (int i = 0; i < length; i++) {
			byte b = bytes[i];
			if (b == '\r') {
				if (i + 1 < length && bytes[i + 1] != '\n') {
					throw new InvalidProxyHeaderException("PROXY protocol version 1 line has a CR not followed by LF");
				}
			}
			else if (b == '\n') {
				if (i == 0 || bytes[i - 1] != '\r') {
					throw new InvalidProxyHeaderException("PROXY protocol version 1 line ends with LF, not CRLF");
				}
				if (i != length - 1) {
					throw new InvalidProxyHeaderException("Read past the end of a PROXY protocol version 1 line");
				}
				if (length > MAX_V1_LENGTH) {
					throw tooLong();
				}
				return 0;
			}
			else if (b < 0x20 || b > 0x7E) {
				throw new InvalidProxyHeaderException(
						"PROXY protocol version 1 line holds the byte 0x" + HexFormat.of().toHexDigits(b));
			}
			else if (b == ' ') {
				spaces++;
			}
		}
		if (length >= MAX_V1_LENGTH) {
			throw tooLong();
		}
		if (length < MIN_LENGTH) {
			return MIN_LENGTH - length;
		}
		if (bytes[length - 1] == '\r') {
			return 1;
		}
		if (!Arrays.equals(bytes, 0, V1_TCP_PREFIX.length, V1_TCP_PREFIX, 0, V1_TCP_PREFIX.length)) {
			return 2; // UNKNOWN: anything up to CRLF
		}
		if (spaces > V1_TCP_SPACES) {
			throw new InvalidProxyHeaderException("PROXY protocol version 1 line has more than six fields");
		}
		// "PROXY TCPn src dst sport dport\r\n": every field not yet complete needs a
		// byte, every missing separator a space, then CRLF
		int currentFieldEmpty = (bytes[length - 1] == ' ') ? 1 : 0;
		return currentFieldEmpty + 2 * (V1_TCP_SPACES - spaces) + 2;
	}

	private static ProxyHeader decodeV1(byte[] bytes, int length) throws InvalidProxyHeaderException {
		String line = new String(bytes, 0, length - 2, StandardCharsets.US_ASCII);
		String[] fields = line.split(" ", -1);
		if (fields[1].equals("UNKNOWN")) {
			return new ProxyHeader(1, Command.PROXY, Family.UNSPEC, null, null);
		}
		Family family = switch (fields[1]) {
			case "TCP4" -> Family.INET;
			case "TCP6" -> Family.INET6;
			default -> throw new InvalidProxyHeaderException(
					"PROXY protocol version 1 line names protocol '" + fields[1] + "', not TCP4, TCP6 or UNKNOWN");
		};
		if (fields.length != 6) {
			throw new InvalidProxyHeaderException(
					"PROXY protocol version 1 line '" + line + "' does not have six fields");
		}
		InetAddress source = literal(family, fields[2]);
		InetAddress destination = literal(family, fields[3]);
		return new ProxyHeader(1, Command.PROXY, family, new InetSocketAddress(source, port(fields[4])),
				new InetSocketAddress(destination, port(fields[5])));
	}

	private static InetAddress literal(Family family, String text) throws InvalidProxyHeaderException {
		byte[] address = (family == Family.INET) ? ipv4(text) : null;
		try {
			if (address != null) {
				return InetAddress.getByAddress(address);
			}
			// an IPv6 literal: hex digits and colons (an IPv4 tail has dots) only, and
			// starting with either of the first two, so getByName parses it and never
			// looks anything up (it looks up what starts otherwise, '.::' say)
			if (family == Family.INET6 && text.indexOf(':') >= 0
					&& (text.charAt(0) == ':' || Character.digit(text.charAt(0), 16) >= 0)
					&& text.chars().allMatch((c) -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
				return InetAddress.getByName(text);
			}
		}
		catch (UnknownHostException ex) {
			// invalid literal
		}
		throw new InvalidProxyHeaderException("PROXY protocol version 1 line has '" + text + "' where an "
				+ ((family == Family.INET) ? "IPv4" : "IPv6") + " address belongs");
	}

	private static byte @Nullable [] ipv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] address = new byte[4];
		for (int i = 0; i < 4; i++) {
			Integer value = decimal(parts[i], 3);
			if (value == null || value > 255) {
				return null;
			}
			address[i] = value.byteValue();
		}
		return address;
	}

	private static int port(String text) throws InvalidProxyHeaderException {
		Integer port = decimal(text, 5);
		if (port == null || port > 65535) {
			throw new InvalidProxyHeaderException("PROXY protocol version 1 line has '" + text + "' as a port");
		}
		return port;
	}

	private static @Nullable Integer decimal(String text, int maxDigits) {
		if (text.isEmpty() || text.length() > maxDigits || !text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			return null;
		}
		return Integer.parseInt(text);
	}

	private static ProxyHeader decodeV2(byte[] bytes) throws InvalidProxyHeaderException {
		Command command = command(bytes[12]);
		Family family = family(bytes[13]);
		ByteBuffer payload = ByteBuffer.wrap(bytes, V2_FIXED_LENGTH, ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF));
		if (command == Command.LOCAL || family == Family.UNSPEC) {
			// the receiver must ignore the address block
			return new ProxyHeader(2, command, family, null, null);
		}
		int needed = switch (family) {
			case INET -> 12;
			case INET6 -> 36;
			default -> 2 * UNIX_PATH_LENGTH;
		};
		if (payload.remaining() < needed) {
			throw new InvalidProxyHeaderException("PROXY protocol version 2 header has " + payload.remaining()
					+ " bytes of addresses; " + family + " needs " + needed);
		}
		if (family == Family.UNIX) {
			SocketAddress source = unixPath(payload);
			SocketAddress destination = unixPath(payload);
			return new ProxyHeader(2, command, family, source, destination);
		}
		int addressLength = (family == Family.INET) ? 4 : 16;
		InetAddress source = v2Address(payload, addressLength);
		InetAddress destination = v2Address(payload, addressLength);
		int sourcePort = payload.getShort() & 0xFFFF;
		int destinationPort = payload.getShort() & 0xFFFF;
		return new ProxyHeader(2, command, family, new InetSocketAddress(source, sourcePort),
				new InetSocketAddress(destination, destinationPort));
	}

	private static InetAddress v2Address(ByteBuffer payload, int length) {
		byte[] address = new byte[length];
		payload.get(address);
		try {
			return InetAddress.getByAddress(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex); // only for a wrong length
		}
	}

	private static SocketAddress unixPath(ByteBuffer payload) {
		byte[] path = new byte[UNIX_PATH_LENGTH];
		payload.get(path);
		boolean anonymous = path[0] == 0;
		int start = anonymous ? 1 : 0;
		int end = start;
		while (end < path.length && path[end] != 0) {
			end++;
		}
		String name = new String(path, start, end - start, StandardCharsets.UTF_8);
		// an abstract name starts with a NUL byte; written @name as elsewhere here
		return UnixDomainSocketAddress.of((anonymous && !name.isEmpty()) ? "@" + name : name);
	}

	private static Command command(byte versionAndCommand) throws InvalidProxyHeaderException {
		return switch (versionAndCommand & 0x0F) {
			case 0 -> Command.LOCAL;
			case 1 -> Command.PROXY;
			default -> throw new InvalidProxyHeaderException(
					"PROXY protocol version 2 header has the unknown command " + (versionAndCommand & 0x0F));
		};
	}

	private static Family family(byte familyAndTransport) throws InvalidProxyHeaderException {
		int transport = familyAndTransport & 0x0F;
		if (transport > 2) {
			throw new InvalidProxyHeaderException(
					"PROXY protocol version 2 header has the unknown transport " + transport);
		}
		return switch ((familyAndTransport & 0xF0) >> 4) {
			case 0 -> Family.UNSPEC;
			case 1 -> Family.INET;
			case 2 -> Family.INET6;
			case 3 -> Family.UNIX;
			default -> throw new InvalidProxyHeaderException(
					"PROXY protocol version 2 header has the unknown family " + ((familyAndTransport & 0xF0) >> 4));
		};
	}

	private static InvalidProxyHeaderException tooLong() {
		return new InvalidProxyHeaderException("PROXY protocol version 1 line longer than " + MAX_V1_LENGTH + " bytes");
	}

	private static InvalidProxyHeaderException notAHeader(byte[] bytes, int length) {
		StringBuilder shown = new StringBuilder();
		for (int i = 0; i < Math.min(length, 16); i++) {
			int b = bytes[i] & 0xFF;
			shown.append((b >= 0x20 && b < 0x7F) ? String.valueOf((char) b) : String.format("\\x%02x", b));
		}
		return new InvalidProxyHeaderException(
				"The connection does not start with a PROXY protocol header but with '" + shown + "'");
	}

}
