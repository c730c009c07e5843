package io.socketactivation.proxy.forward;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.socketactivation.proxy.config.ProxyProperties.ProxyProtocol;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyProtocolHeaderTests {

	private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 56324);

	private static final InetSocketAddress PROXY = new InetSocketAddress("192.0.2.2", 443);

	@Test
	void version1Tcp4() {
		assertThat(new String(ProxyProtocolHeader.encode(ProxyProtocol.V1, CLIENT, PROXY), StandardCharsets.US_ASCII))
			.isEqualTo("PROXY TCP4 192.0.2.1 192.0.2.2 56324 443\r\n");
	}

	@Test
	void version1Tcp6MapsAnIpv4Side() {
		InetSocketAddress client = new InetSocketAddress("2001:db8::1", 1000);
		assertThat(new String(ProxyProtocolHeader.encode(ProxyProtocol.V1, client, PROXY), StandardCharsets.US_ASCII))
			.isEqualTo("PROXY TCP6 2001:db8:0:0:0:0:0:1 0:0:0:0:0:ffff:c000:202 1000 443\r\n");
	}

	@Test
	void version1UnknownForUnixSockets() {
		assertThat(new String(ProxyProtocolHeader.encode(ProxyProtocol.V1, UnixDomainSocketAddress.of("/c"),
				UnixDomainSocketAddress.of("/p")), StandardCharsets.US_ASCII))
			.isEqualTo("PROXY UNKNOWN\r\n");
	}

	@Test
	void version2Tcp4() {
		assertThat(HexFormat.of().formatHex(ProxyProtocolHeader.encode(ProxyProtocol.V2, CLIENT, PROXY)))
			.isEqualTo("0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "c0000201" + "c0000202" + "dc04" + "01bb");
	}

	@Test
	void version2LocalForUnixSockets() {
		assertThat(HexFormat.of()
			.formatHex(ProxyProtocolHeader.encode(ProxyProtocol.V2, UnixDomainSocketAddress.of("/c"), null)))
			.isEqualTo("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000");
	}

	@Test
	void offIsEmpty() {
		assertThat(ProxyProtocolHeader.encode(ProxyProtocol.OFF, CLIENT, PROXY)).isEmpty();
	}

}
