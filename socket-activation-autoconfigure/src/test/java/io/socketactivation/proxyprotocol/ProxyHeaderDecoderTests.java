package io.socketactivation.proxyprotocol;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.socketactivation.proxyprotocol.ProxyHeader.Command;
import io.socketactivation.proxyprotocol.ProxyHeader.Family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxyHeaderDecoderTests {

	private static final String SIGNATURE = "0d0a0d0a000d0a515549540a";

	@Test
	void version1Tcp4() throws Exception {
		ProxyHeader header = decode(ascii("PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n"));
		assertThat(header).isEqualTo(new ProxyHeader(1, Command.PROXY, Family.INET,
				new InetSocketAddress("192.0.2.1", 56324), new InetSocketAddress("192.0.2.2", 443)));
		assertThat(header.clientAddress()).isEqualTo(new InetSocketAddress("192.0.2.1", 56324));
	}

	@Test
	void version1Tcp6() throws Exception {
		ProxyHeader header = decode(ascii("PROXY TCP6 2001:db8::1 ::ffff:192.0.2.2 1000 65535\r\n"));
		assertThat(header.family()).isEqualTo(Family.INET6);
		assertThat(header.clientAddress()).isEqualTo(new InetSocketAddress("2001:db8::1", 1000));
		assertThat(header.destination()).isEqualTo(new InetSocketAddress("192.0.2.2", 65535));
	}

	@Test
	void version1UnknownKeepsTheConnectionsOwnPeer() throws Exception {
		assertThat(decode(ascii("PROXY UNKNOWN\r\n")))
			.isEqualTo(new ProxyHeader(1, Command.PROXY, Family.UNSPEC, null, null));
		ProxyHeader withAddresses = decode(ascii("PROXY UNKNOWN ffff:f::1 ffff:f::2 1 2\r\n"));
		assertThat(withAddresses.clientAddress()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "PROXY TCP4 192.0.2.1 192.0.2.2 56324\r\n", "PROXY TCP4 192.0.2.1 192.0.2.2 1 2 3\r\n",
			"PROXY TCP4 192.0.2.256 192.0.2.2 1 2\r\n", "PROXY TCP4 localhost 192.0.2.2 1 2\r\n",
			"PROXY TCP4 2001:db8::1 192.0.2.2 1 2\r\n", "PROXY TCP6 example.com ::1 1 2\r\n",
			"PROXY TCP6 ::1%eth0 ::1 1 2\r\n", "PROXY TCP6 .:: ::1 1 2\r\n",
			"PROXY TCP4 192.0.2.1 192.0.2.2 65536 2\r\n", "PROXY TCP4 192.0.2.1 192.0.2.2 -1 2\r\n",
			"PROXY TCP4  192.0.2.1 192.0.2.2 1 2\r\n", "PROXY UDP4 192.0.2.1 192.0.2.2 1 2\r\n",
			"PROXY TCP4 192.0.2.1 192.0.2.2 1 2\n", "PROXY TCP4 192.0.2.1\r192.0.2.2 1 2\r\n",
			"PROXY \u00e9TCP4 192.0.2.1 192.0.2.2 1 2\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
			"PROXYTCP4 192.0.2.1 192.0.2.2 1 2\r\n" })
	void invalidVersion1LinesAreRefused(String line) {
		assertThatExceptionOfType(InvalidProxyHeaderException.class)
			.isThrownBy(() -> decode(line.getBytes(StandardCharsets.ISO_8859_1)));
	}

	@Test
	void version1LineLongerThan107BytesIsRefused() throws Exception {
		String line = "PROXY UNKNOWN " + "x".repeat(92) + "\r\n";
		assertThat(line).hasSize(108);
		assertThatExceptionOfType(InvalidProxyHeaderException.class).isThrownBy(() -> decode(ascii(line)))
			.withMessageContaining("longer than 107 bytes");
		assertThat(decode(ascii(line.substring(0, 105) + "\r\n")).clientAddress()).isNull();
	}

	@Test
	void version2ProxyTcp4() throws Exception {
		ProxyHeader header = decode(hex(SIGNATURE + "21" + "11" + "000c" + "c0000201" + "c0000202" + "dc04" + "01bb"));
		assertThat(header).isEqualTo(new ProxyHeader(2, Command.PROXY, Family.INET,
				new InetSocketAddress("192.0.2.1", 56324), new InetSocketAddress("192.0.2.2", 443)));
	}

	@Test
	void version2ProxyTcp6WithTlvs() throws Exception {
		String addresses = "20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "03e8" + "0050";
		String tlvs = "04" + "0003" + "616263" + "01" + "0002" + "6832";
		ProxyHeader header = decode(hex(SIGNATURE + "21" + "21" + "002f" + addresses + tlvs));
		assertThat(header.clientAddress()).isEqualTo(new InetSocketAddress("2001:db8::1", 1000));
		assertThat(header.destination()).isEqualTo(new InetSocketAddress("2001:db8::2", 80));
	}

	@Test
	void version2ProxyUnixKeepsTheConnectionsOwnPeer() throws Exception {
		byte[] source = Arrays.copyOf("/run/client.sock".getBytes(StandardCharsets.US_ASCII), 108);
		byte[] destination = Arrays.copyOf("\0abstract".getBytes(StandardCharsets.US_ASCII), 108);
		ByteBuffer header = ByteBuffer.allocate(16 + 216)
			.put(hex(SIGNATURE + "21" + "31" + "00d8"))
			.put(source)
			.put(destination);
		ProxyHeader decoded = decode(header.array());
		assertThat(decoded.family()).isEqualTo(Family.UNIX);
		assertThat(decoded.source()).isEqualTo(UnixDomainSocketAddress.of("/run/client.sock"));
		assertThat(decoded.destination()).isEqualTo(UnixDomainSocketAddress.of("@abstract"));
		assertThat(decoded.clientAddress()).isNull();
	}

	@Test
	void version2LocalIgnoresItsAddresses() throws Exception {
		assertThat(decode(hex(SIGNATURE + "20" + "00" + "0000")))
			.isEqualTo(new ProxyHeader(2, Command.LOCAL, Family.UNSPEC, null, null));
		ProxyHeader local = decode(hex(SIGNATURE + "20" + "11" + "000c" + "c0000201" + "c0000202" + "dc04" + "01bb"));
		assertThat(local.command()).isEqualTo(Command.LOCAL);
		assertThat(local.clientAddress()).isNull();
	}

	@Test
	void version2ProxyUnspecKeepsTheConnectionsOwnPeer() throws Exception {
		assertThat(decode(hex(SIGNATURE + "21" + "00" + "0000")).clientAddress()).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { SIGNATURE + "11" + "11" + "000c" + "c0000201c0000202dc0401bb",
			SIGNATURE + "22" + "11" + "000c" + "c0000201c0000202dc0401bb",
			SIGNATURE + "21" + "41" + "000c" + "c0000201c0000202dc0401bb",
			SIGNATURE + "21" + "13" + "000c" + "c0000201c0000202dc0401bb",
			SIGNATURE + "21" + "11" + "0008" + "c0000201c0000202",
			SIGNATURE + "21" + "21" + "000c" + "c0000201c0000202dc0401bb",
			"0d0a0d0a000d0a515549540b" + "21" + "11" + "000c" + "c0000201c0000202dc0401bb" })
	void invalidVersion2HeadersAreRefused(String header) {
		assertThatExceptionOfType(InvalidProxyHeaderException.class).isThrownBy(() -> decode(hex(header)));
	}

	@Test
	void version2PayloadOver4096BytesIsRefusedBeforeItIsRead() {
		assertThatExceptionOfType(InvalidProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.missingBytes(hex(SIGNATURE + "21" + "11" + "1001"), 16))
			.withMessageContaining("4097 bytes");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n", "PROXY TCP4 1.1.1.1 1.1.1.1 1 1\r\n",
			"PROXY TCP6 :: :: 0 0\r\n", "PROXY TCP6 2001:db8::1 ::ffff:192.0.2.2 1000 65535\r\n", "PROXY UNKNOWN\r\n",
			"PROXY UNKNOWN whatever\r\n" })
	void missingBytesNeverReachesPastAVersion1Line(String line) throws Exception {
		assertNeverPastTheHeader(ascii(line));
	}

	@Test
	void missingBytesNeverReachesPastAVersion2Header() throws Exception {
		assertNeverPastTheHeader(hex(SIGNATURE + "21" + "11" + "000c" + "c0000201" + "c0000202" + "dc04" + "01bb"));
		assertNeverPastTheHeader(hex(SIGNATURE + "20" + "00" + "0000"));
	}

	@Test
	void missingBytesOfAVersion2HeaderIsExactOnceItsLengthIsKnown() throws Exception {
		byte[] header = hex(SIGNATURE + "21" + "11" + "000c" + "c0000201" + "c0000202" + "dc04" + "01bb");
		assertThat(ProxyHeaderDecoder.missingBytes(header, 0)).isEqualTo(15);
		assertThat(ProxyHeaderDecoder.missingBytes(header, 15)).isEqualTo(1);
		assertThat(ProxyHeaderDecoder.missingBytes(header, 16)).isEqualTo(12);
		assertThat(ProxyHeaderDecoder.missingBytes(header, 28)).isZero();
	}

	@Test
	void bytesThatAreNoHeaderAreRefusedAtTheFirstByte() {
		assertThatExceptionOfType(InvalidProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.missingBytes(ascii("GET / HTTP/1.1\r\n"), 1))
			.withMessage("The connection does not start with a PROXY protocol header but with 'G'");
		assertThatExceptionOfType(InvalidProxyHeaderException.class)
			.isThrownBy(() -> ProxyHeaderDecoder.missingBytes(hex("160301"), 3))
			.withMessage("The connection does not start with a PROXY protocol header but with '\\x16\\x03\\x01'");
	}

	/**
	 * Read the header as a reader would, asking each time only for the bytes
	 * {@code missingBytes} allows: the reads must end exactly at the header's end.
	 */
	private static void assertNeverPastTheHeader(byte[] header) throws Exception {
		int length = 0;
		int reads = 0;
		while (true) {
			int missing = ProxyHeaderDecoder.missingBytes(header, length);
			if (missing == 0) {
				break;
			}
			assertThat(length + missing).as("reading %d bytes after %d", missing, length)
				.isLessThanOrEqualTo(header.length);
			length += missing;
			reads++;
		}
		assertThat(length).isEqualTo(header.length);
		assertThat(reads).isLessThanOrEqualTo(header.length / 2);
		assertThat(ProxyHeaderDecoder.decode(header, length)).isNotNull();
	}

	private static ProxyHeader decode(byte[] header) throws InvalidProxyHeaderException {
		return ProxyHeaderDecoder.decode(header, header.length);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] hex(String hex) {
		return HexFormat.of().parseHex(hex);
	}

}
