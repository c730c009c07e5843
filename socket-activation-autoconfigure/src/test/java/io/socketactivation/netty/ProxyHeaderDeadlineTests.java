package io.socketactivation.netty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxyHeaderDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofMillis(50);

	private ActivatedSocket socket;

	private CountingHandler counter;

	@BeforeEach
	void open() throws IOException {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "proxied", 3);
		this.counter = new CountingHandler(this.socket, true);
	}

	@AfterEach
	void close() throws IOException {
		this.socket.channel().close();
	}

	@Test
	void connectionWithoutAHeaderIsClosedAfterTheTimeoutAndCounted() throws Exception {
		EmbeddedChannel channel = new EmbeddedChannel(new ProxyHeaderDeadline(TIMEOUT, this.counter));
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).as("open before the timeout").isTrue();
		Thread.sleep(TIMEOUT.multipliedBy(2).toMillis());
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
	}

	@Test
	void headerInTimeIsPassedOnAndNotCounted() throws Exception {
		EmbeddedChannel channel = new EmbeddedChannel(new ProxyHeaderDeadline(TIMEOUT, this.counter));
		HAProxyMessage header = new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY,
				HAProxyProxiedProtocol.TCP4, "192.0.2.1", "192.0.2.2", 56324, 443);
		channel.writeInbound(header);
		Object read = channel.readInbound();
		assertThat(read).isSameAs(header);
		assertThat(channel.pipeline().get(ProxyHeaderDeadline.class)).as("removed once the header passed").isNull();
		Thread.sleep(TIMEOUT.multipliedBy(2).toMillis());
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).as("not closed by the deadline").isTrue();
		channel.close();
		assertThat(this.counter.refusedConnections()).isZero();
		header.release();
	}

	@Test
	void connectionClosedByTheDecoderForAnInvalidHeaderIsCounted() {
		EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder(),
				new ProxyHeaderDeadline(Duration.ofSeconds(30), this.counter));
		assertThatExceptionOfType(HAProxyProtocolException.class).isThrownBy(() -> channel.writeInbound(
				Unpooled.copiedBuffer("PROXY TCP4 192.0.2.1 192.0.2.2 65536 443\r\n", StandardCharsets.US_ASCII)));
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
	}

	@Test
	void clientThatLeavesBeforeItsHeaderIsCountedOnce() throws Exception {
		EmbeddedChannel channel = new EmbeddedChannel(new ProxyHeaderDeadline(TIMEOUT, this.counter));
		channel.close();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
		// the deadline passes after the close: not counted again
		Thread.sleep(TIMEOUT.multipliedBy(2).toMillis());
		channel.runScheduledPendingTasks();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
		assertThat(this.counter.requiresProxyHeader()).isTrue();
	}

}
