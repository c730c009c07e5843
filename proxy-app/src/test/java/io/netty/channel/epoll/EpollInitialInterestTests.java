package io.netty.channel.epoll;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.proxy.support.EpollLoop;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EpollInitialInterest}, on a real epoll event loop and Unix socket.
 */
class EpollInitialInterestTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	@SuppressWarnings("NullAway.Init")
	Path directory;

	@SuppressWarnings("NullAway.Init")
	private EpollLoop loop;

	@BeforeEach
	void epoll() {
		this.loop = EpollLoop.start(EpollIoHandler.newFactory());
	}

	@AfterEach
	void stop() throws Exception {
		this.loop.close();
	}

	@Test
	void aPausedChannelReadsOnceThenWaitsUntilItIsResumed() throws Exception {
		Reads reads = new Reads();
		EpollDomainSocketChannel channel = new EpollDomainSocketChannel();
		channel.config().setAutoRead(false);
		EpollInitialInterest.readFromRegistration(EpollInitialInterest.keepInEpollSet(channel));
		SocketChannel peer = connect(channel, reads);
		write(peer, "first");
		assertThat(reads.next(TIMEOUT)).isEqualTo("first");
		write(peer, "second");
		// paused: the interest in input went after the first read
		assertThat(reads.next(Duration.ofMillis(300))).isNull();
		channel.config().setAutoRead(true);
		assertThat(reads.next(TIMEOUT)).isEqualTo("second");
	}

	@Test
	void aReadingChannelReadsFromTheStart() throws Exception {
		Reads reads = new Reads();
		EpollDomainSocketChannel channel = new EpollDomainSocketChannel();
		EpollInitialInterest.readFromRegistration(EpollInitialInterest.keepInEpollSet(channel));
		SocketChannel peer = connect(channel, reads);
		write(peer, "one");
		assertThat(reads.next(TIMEOUT)).isEqualTo("one");
		write(peer, "two");
		assertThat(reads.next(TIMEOUT)).isEqualTo("two");
	}

	@Test
	void aRegisteredChannelIsLeftAlone() throws Exception {
		Reads reads = new Reads();
		EpollDomainSocketChannel channel = new EpollDomainSocketChannel();
		channel.config().setAutoRead(false);
		SocketChannel peer = connect(channel, reads);
		EpollInitialInterest.readFromRegistration(channel);
		write(peer, "ignored while paused");
		assertThat(reads.next(Duration.ofMillis(300))).isNull();
	}

	private SocketChannel connect(Channel channel, Reads reads) throws Exception {
		EventLoopGroup group = this.loop.group();
		Path path = this.directory.resolve("peer.sock");
		ServerSocketChannel peers = this.loop.opened(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
		peers.bind(UnixDomainSocketAddress.of(path));
		channel.pipeline().addLast(reads);
		group.next().register(channel).sync();
		channel.connect(new DomainSocketAddress(path.toString())).sync();
		return this.loop.opened(peers.accept());
	}

	private static void write(SocketChannel peer, String text) throws IOException {
		peer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * What a channel read, one entry per read.
	 */
	private static final class Reads extends ChannelInboundHandlerAdapter {

		private final BlockingQueue<String> reads = new LinkedBlockingQueue<>();

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			this.reads.add(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
			ReferenceCountUtil.release(msg);
		}

		@Nullable String next(Duration timeout) throws InterruptedException {
			return this.reads.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

}
