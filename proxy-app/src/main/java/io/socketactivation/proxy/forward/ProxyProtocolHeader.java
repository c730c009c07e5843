package io.socketactivation.proxy.forward;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import io.socketactivation.proxy.config.ProxyProperties.ProxyProtocol;

/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) that tells
 * the backend the client's address. A connection that is not TCP on both ends (a Unix
 * listener) is sent as {@code UNKNOWN} (v1) or {@code LOCAL} (v2).
 *
 * @author socket-activation contributors
 */
final class ProxyProtocolHeader {

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private ProxyProtocolHeader() {
	}

	/**
	 * Encode the header for a client connection.
	 * @param version the version
	 * @param client the client's address (the connection's remote address)
	 * @param proxy the address the client connected to (the connection's local address)
	 * @return the header bytes
	 */
	static byte[] encode(ProxyProtocol version, @Nullable SocketAddress client, @Nullable SocketAddress proxy) {
		return switch (version) {
			case V1 -> v1(client, proxy);
			case V2 -> v2(client, proxy);
			case OFF -> new byte[0];
		};
	}

	private static byte[] v1(@Nullable SocketAddress client, @Nullable SocketAddress proxy) {
		if (!(client instanceof InetSocketAddress source) || !(proxy instanceof InetSocketAddress destination)) {
			return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
		}
		InetAddress sourceAddress = source.getAddress();
		InetAddress destinationAddress = destination.getAddress();
		boolean ipv4 = sourceAddress instanceof Inet4Address && destinationAddress instanceof Inet4Address;
		String line = "PROXY " + (ipv4 ? "TCP4 " : "TCP6 ") + text(sourceAddress, ipv4) + " "
				+ text(destinationAddress, ipv4) + " " + source.getPort() + " " + destination.getPort() + "\r\n";
		return line.getBytes(StandardCharsets.US_ASCII);
	}

	private static String text(InetAddress address, boolean ipv4) {
		return ipv4 ? address.getHostAddress() : ipv6(address).getHostAddress().replaceAll("%.*$", "");
	}

	private static byte[] v2(@Nullable SocketAddress client, @Nullable SocketAddress proxy) {
		if (!(client instanceof InetSocketAddress source) || !(proxy instanceof InetSocketAddress destination)) {
			ByteBuffer local = ByteBuffer.allocate(16);
			local.put(V2_SIGNATURE).put((byte) 0x20).put((byte) 0x00).putShort((short) 0);
			return local.array();
		}
		boolean ipv4 = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
		int addressLength = ipv4 ? 12 : 36;
		ByteBuffer header = ByteBuffer.allocate(16 + addressLength);
		header.put(V2_SIGNATURE).put((byte) 0x21).put(ipv4 ? (byte) 0x11 : (byte) 0x21);
		header.putShort((short) addressLength);
		header.put(bytes(source.getAddress(), ipv4)).put(bytes(destination.getAddress(), ipv4));
		header.putShort((short) source.getPort()).putShort((short) destination.getPort());
		return header.array();
	}

	private static byte[] bytes(InetAddress address, boolean ipv4) {
		return ipv4 ? address.getAddress() : ipv6(address).getAddress();
	}

	private static Inet6Address ipv6(InetAddress address) {
		if (address instanceof Inet6Address ipv6) {
			return ipv6;
		}
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xFF;
		mapped[11] = (byte) 0xFF;
		System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
		try {
			return Inet6Address.getByAddress(null, mapped, -1);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
