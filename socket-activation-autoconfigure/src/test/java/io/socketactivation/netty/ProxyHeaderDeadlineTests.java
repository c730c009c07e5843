package io.socketactivation.netty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

/**
 * Tests for {@link ProxyHeaderDeadline}, on a channel whose clock stands still until a
 * test moves it.
 */
class ProxyHeaderDeadlineTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
	void connectionWithoutAHeaderIsClosedAfterTheTimeoutAndCounted() {
		EmbeddedChannel channel = withDeadline(TIMEOUT);
		channel.advanceTimeBy(TIMEOUT.minusMillis(1).toMillis(), TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).as("open before the timeout").isTrue();
		assertThat(this.counter.refusedConnections()).isZero();
		channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
	}

	@Test
	void headerInTimeIsPassedOnAndNotCounted() {
		EmbeddedChannel channel = withDeadline(TIMEOUT);
		HAProxyMessage header = new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY,
				HAProxyProxiedProtocol.TCP4, "192.0.2.1", "192.0.2.2", 56324, 443);
		channel.writeInbound(header);
		Object read = channel.readInbound();
		assertThat(read).isSameAs(header);
		assertThat(channel.pipeline().get(ProxyHeaderDeadline.class)).as("removed once the header passed").isNull();
		channel.advanceTimeBy(TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
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
	void clientThatLeavesBeforeItsHeaderIsCountedOnce() {
		EmbeddedChannel channel = withDeadline(TIMEOUT);
		channel.close();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
		// the deadline passes after the close: not counted again
		channel.advanceTimeBy(TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
		channel.runScheduledPendingTasks();
		assertThat(this.counter.refusedConnections()).isEqualTo(1);
		assertThat(this.counter.requiresProxyHeader()).isTrue();
	}

	/**
	 * Return a channel with its clock stopped, then the deadline added: the deadline is
	 * set by the stopped clock.
	 */
	private EmbeddedChannel withDeadline(Duration timeout) {
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.freezeTime();
		channel.pipeline().addLast(new ProxyHeaderDeadline(timeout, this.counter));
		return channel;
	}

}
