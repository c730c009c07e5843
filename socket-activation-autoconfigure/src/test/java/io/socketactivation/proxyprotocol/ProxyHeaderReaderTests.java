package io.socketactivation.proxyprotocol;

import java.io.EOFException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxyHeaderReaderTests {

	private Pipe pipe;

	@BeforeEach
	void openPipe() throws Exception {
		this.pipe = Pipe.open();
		this.pipe.source().configureBlocking(false);
	}

	@AfterEach
	void closePipe() throws Exception {
		this.pipe.sink().close();
		this.pipe.source().close();
	}

	@Test
	void headerArrivingInPiecesIsReadWithoutTheBytesThatFollowIt() throws Exception {
		ProxyHeaderReader reader = new ProxyHeaderReader();
		assertThat(reader.read(this.pipe.source())).isNull();
		write("PROXY TCP4 192.0.2.1 ");
		assertThat(reader.read(this.pipe.source())).isNull();
		write("192.0.2.2 56324 443\r\nGET / HTTP/1.1\r\n\r\n");
		ProxyHeader header = reader.read(this.pipe.source());
		assertThat(header).isNotNull();
		assertThat(header.clientAddress()).isEqualTo(new InetSocketAddress("192.0.2.1", 56324));
		assertThat(reader.bytesRead()).isEqualTo(42);
		assertThat(remaining()).isEqualTo("GET / HTTP/1.1\r\n\r\n");
	}

	@Test
	void version2HeaderIsReadExactly() throws Exception {
		this.pipe.sink()
			.write(ByteBuffer
				.wrap(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "20" + "00" + "0000" + "474554")));
		ProxyHeader header = new ProxyHeaderReader().read(this.pipe.source());
		assertThat(header).isNotNull();
		assertThat(header.command()).isEqualTo(ProxyHeader.Command.LOCAL);
		assertThat(remaining()).isEqualTo("GET");
	}

	@Test
	void connectionWithoutAHeaderIsRefused() throws Exception {
		write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
		assertThatExceptionOfType(InvalidProxyHeaderException.class)
			.isThrownBy(() -> new ProxyHeaderReader().read(this.pipe.source()))
			.withMessageStartingWith(
					"The connection does not start with a PROXY protocol header but with 'GET / HTTP/1.1");
	}

	@Test
	void connectionEndingInTheHeaderIsRefused() throws Exception {
		write("PROXY TCP4 192.0.2.1");
		this.pipe.sink().close();
		assertThatExceptionOfType(EOFException.class).isThrownBy(() -> new ProxyHeaderReader().read(this.pipe.source()))
			.withMessage("The connection ended after 20 bytes of a PROXY protocol header");
	}

	private void write(String text) throws Exception {
		this.pipe.sink().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
	}

	private String remaining() throws Exception {
		ByteBuffer buffer = ByteBuffer.allocate(256);
		this.pipe.source().read(buffer);
		buffer.flip();
		return StandardCharsets.US_ASCII.decode(buffer).toString();
	}

}
