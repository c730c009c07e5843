package io.socketactivation.nativeio;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.socketactivation.AbstractUnixSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SocketAddressDecoderTests {

	private final SocketAddressDecoder linux = new SocketAddressDecoder(Platform.LINUX);

	private final SocketAddressDecoder macos = new SocketAddressDecoder(Platform.MACOS);

	@Test
	void linuxInet() throws Exception {
		byte[] address = linuxHeader(2, 16).put(new byte[] { 0x1f, (byte) 0x90, 127, 0, 0, 1 }).array();
		assertThat(this.linux.decode(address, 16))
			.isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
	}

	@Test
	void linuxInet6WithScope() throws Exception {
		ByteBuffer buffer = linuxHeader(10, 28).put(new byte[] { 0x00, 0x50 }).putInt(0);
		buffer.put(InetAddress.getByName("fe80::1").getAddress()).order(ByteOrder.nativeOrder()).putInt(2);
		InetSocketAddress decoded = (InetSocketAddress) this.linux.decode(buffer.array(), 28);
		assertThat(decoded.getPort()).isEqualTo(80);
		assertThat(decoded.getAddress().getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1%2");
	}

	@Test
	void linuxUnixPath() {
		byte[] path = "/run/app.sock".getBytes(StandardCharsets.UTF_8);
		byte[] address = linuxHeader(1, 110).put(path).array();
		assertThat(this.linux.decode(address, 2 + path.length + 1))
			.isEqualTo(UnixDomainSocketAddress.of("/run/app.sock"));
	}

	@Test
	void linuxAbstractUnixName() {
		byte[] name = "app".getBytes(StandardCharsets.UTF_8);
		byte[] address = linuxHeader(1, 110).put((byte) 0).put(name).array();
		assertThat(this.linux.decode(address, 2 + 1 + name.length)).isEqualTo(new AbstractUnixSocketAddress("app"));
	}

	@Test
	void unnamedUnixSocketHasNoAddress() {
		assertThat(this.linux.decode(linuxHeader(1, 110).array(), 2)).isNull();
	}

	@Test
	void otherFamilyHasNoAddressButAFamily() {
		byte[] address = linuxHeader(16, 12).array();
		assertThat(this.linux.decode(address, 12)).isNull();
		assertThat(this.linux.family(address, 12)).isEqualTo(16);
	}

	@Test
	void macosAddressesStartWithALengthByte() throws Exception {
		byte[] inet6 = ByteBuffer.allocate(28)
			.put((byte) 28)
			.put((byte) 30)
			.put(new byte[] { 0x1f, (byte) 0x90 })
			.putInt(0)
			.put(InetAddress.getByName("::1").getAddress())
			.array();
		assertThat(this.macos.decode(inet6, 28)).isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 8080));
		byte[] inet = ByteBuffer.allocate(16)
			.put((byte) 16)
			.put((byte) 2)
			.put(new byte[] { 0, 80, 10, 0, 0, 1 })
			.array();
		assertThat(this.macos.decode(inet, 16)).isEqualTo(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 80));
	}

	private static ByteBuffer linuxHeader(int family, int size) {
		ByteBuffer buffer = ByteBuffer.allocate(size);
		buffer.order(ByteOrder.nativeOrder()).putShort((short) family);
		return buffer.order(ByteOrder.BIG_ENDIAN);
	}

}
