package io.socketactivation.proxy.forward;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.socketactivation.proxy.config.ProxyProperties.ProxyProtocol;
import io.socketactivation.proxyprotocol.ProxyHeader;
import io.socketactivation.proxyprotocol.ProxyHeaderDecoder;

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

	@ParameterizedTest
	@EnumSource(value = ProxyProtocol.class, names = { "V1", "V2" })
	void theStartersDecoderReadsTheClientBackFromTcp4(ProxyProtocol version) throws Exception {
		ProxyHeader header = roundTrip(version, CLIENT, PROXY);
		assertThat(header.version()).isEqualTo((version == ProxyProtocol.V1) ? 1 : 2);
		assertThat(header.clientAddress()).isEqualTo(CLIENT);
		assertThat(header.destination()).isEqualTo(PROXY);
	}

	@ParameterizedTest
	@EnumSource(value = ProxyProtocol.class, names = { "V1", "V2" })
	void theStartersDecoderReadsTheClientBackFromTcp6(ProxyProtocol version) throws Exception {
		InetSocketAddress client = new InetSocketAddress("2001:db8::1", 1000);
		InetSocketAddress proxy = new InetSocketAddress("2001:db8::2", 443);
		ProxyHeader header = roundTrip(version, client, proxy);
		assertThat(header.family()).isEqualTo(ProxyHeader.Family.INET6);
		assertThat(header.clientAddress()).isEqualTo(client);
		assertThat(header.destination()).isEqualTo(proxy);
	}

	@ParameterizedTest
	@EnumSource(value = ProxyProtocol.class, names = { "V1", "V2" })
	void theStartersDecoderKeepsTheConnectionsPeerForAUnixListener(ProxyProtocol version) throws Exception {
		ProxyHeader header = roundTrip(version, UnixDomainSocketAddress.of("/c"), UnixDomainSocketAddress.of("/p"));
		assertThat(header.clientAddress()).isNull();
		assertThat(header.command())
			.isEqualTo((version == ProxyProtocol.V1) ? ProxyHeader.Command.PROXY : ProxyHeader.Command.LOCAL);
	}

	private static ProxyHeader roundTrip(ProxyProtocol version, SocketAddress client, SocketAddress proxy)
			throws Exception {
		byte[] encoded = ProxyProtocolHeader.encode(version, client, proxy);
		return ProxyHeaderDecoder.decode(encoded, encoded.length);
	}

}
