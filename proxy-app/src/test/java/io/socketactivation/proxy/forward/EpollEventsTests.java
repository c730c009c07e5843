package io.socketactivation.proxy.forward;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
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
 * Tests for {@link EpollEvents}: real epoll event loops, real Unix and TCP sockets. The
 * channel under test starts with reading paused, so that epoll can report nothing until
 * its peer has done all it does: the event that then comes carries all of it.
 */
class EpollEventsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	@SuppressWarnings("NullAway.Init")
	Path directory;

	@SuppressWarnings("NullAway.Init")
	private EpollLoop loop;

	@BeforeEach
	void epoll() {
		this.loop = EpollLoop.start(EpollEvents.recording(EpollIoHandler.newFactory()));
	}

	@AfterEach
	void stop() throws Exception {
		this.loop.close();
	}

	@Test
	void aPeerThatClosedIsSeenHangingUp() throws Exception {
		Observed observed = observe((peer) -> {
			write(peer, "bye");
			peer.close();
		});
		assertThat(observed.await("read")).isEqualTo("bye");
		assertThat(observed.await("input ends in the event of the last bytes")).isEqualTo(true);
		assertThat(observed.await("hung up")).isEqualTo(true);
		assertThat(observed.await("closed by peer")).isEqualTo(true);
	}

	@Test
	void aPeerThatOnlyShutItsOutputIsNotSeenHangingUp() throws Exception {
		Observed observed = observe((peer) -> {
			write(peer, "my part is done");
			peer.shutdownOutput();
		});
		assertThat(observed.await("read")).isEqualTo("my part is done");
		assertThat(observed.await("input ends in the event of the last bytes")).isEqualTo(true);
		assertThat(observed.await("hung up")).isEqualTo(false);
		// the send of nothing finds the peer still reading
		assertThat(observed.await("closed by peer")).isEqualTo(false);
	}

	@Test
	void bytesWithoutAnEndOfInputAreNoEnd() throws Exception {
		Observed observed = observe((peer) -> write(peer, "more to come"));
		assertThat(observed.await("read")).isEqualTo("more to come");
		assertThat(observed.await("input ends in the event of the last bytes")).isEqualTo(false);
		assertThat(observed.await("target holds its last bytes")).isEqualTo(false);
		assertThat(observed.await("target corked")).isEqualTo(false);
	}

	@Test
	void aTcpTargetHoldsTheLastBytesBackUntilItsOutputEnds() throws Exception {
		Observed observed = observe((peer) -> {
			write(peer, "last words");
			peer.close();
		});
		assertThat(observed.await("read")).isEqualTo("last words");
		assertThat(observed.await("target holds its last bytes")).isEqualTo(true);
		assertThat(observed.await("target corked")).isEqualTo(true);
	}

	@Test
	void nothingIsReportedOutsideAnEvent() throws Exception {
		Observed observed = observe((peer) -> {
			write(peer, "bye");
			peer.close();
		});
		assertThat(observed.await("closed by peer")).isEqualTo(true);
		Channel channel = observed.channel();
		assertThat(EpollEvents.hungUp(channel)).isFalse();
		assertThat(EpollEvents.inputEndsInThisEvent(channel)).isFalse();
	}

	/**
	 * Connect an epoll Unix channel, with reading paused, to a peer; let the peer act,
	 * then resume reading and record what the channel's handler sees.
	 */
	private Observed observe(PeerAction action) throws Exception {
		EventLoopGroup group = this.loop.group();
		Path path = this.directory.resolve("peer.sock");
		ServerSocketChannel unixPeers = this.loop.opened(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
		unixPeers.bind(UnixDomainSocketAddress.of(path));
		ServerSocketChannel tcpPeers = this.loop.opened(ServerSocketChannel.open());
		tcpPeers.bind(new InetSocketAddress("127.0.0.1", 0));
		Channel target = new Bootstrap().group(group)
			.channel(EpollSocketChannel.class)
			.handler(new ChannelInboundHandlerAdapter())
			.connect(tcpPeers.getLocalAddress())
			.sync()
			.channel();
		Observed observed = new Observed(target);
		Channel channel = new Bootstrap().group(group)
			.channel(EpollDomainSocketChannel.class)
			.option(ChannelOption.AUTO_READ, false)
			.option(ChannelOption.ALLOW_HALF_CLOSURE, true)
			.handler(observed)
			.connect(new DomainSocketAddress(path.toString()))
			.sync()
			.channel();
		observed.channel = channel;
		this.loop.opened(tcpPeers.accept());
		action.act(this.loop.opened(unixPeers.accept()));
		channel.config().setAutoRead(true);
		return observed;
	}

	private static void write(SocketChannel peer, String text) throws IOException {
		peer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
	}

	@FunctionalInterface
	interface PeerAction {

		void act(SocketChannel peer) throws IOException;

	}

	/**
	 * What the handler of the channel under test saw, each once, from the event loop.
	 */
	private static final class Observed extends ChannelInboundHandlerAdapter {

		private final Map<String, CompletableFuture<Object>> seen = new ConcurrentHashMap<>();

		private final Channel target;

		private final StringBuilder read = new StringBuilder();

		private volatile @Nullable Channel channel;

		Observed(Channel target) {
			this.target = target;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			this.read.append(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
			ReferenceCountUtil.release(msg);
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			if (!this.read.isEmpty() && !future("read").isDone()) {
				record("read", this.read.toString());
				record("input ends in the event of the last bytes", EpollEvents.inputEndsInThisEvent(ctx.channel()));
				record("target holds its last bytes",
						Transport.EPOLL.holdLastBytesForEndOfOutput(ctx.channel(), this.target));
				record("target corked", ((EpollSocketChannel) this.target).config().isTcpCork());
			}
		}

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
			if (evt instanceof ChannelInputShutdownEvent) {
				record("hung up", EpollEvents.hungUp(ctx.channel()));
				record("closed by peer", Transport.EPOLL.closedByPeer(ctx.channel()));
			}
		}

		private void record(String what, Object value) {
			future(what).complete(value);
		}

		private CompletableFuture<Object> future(String what) {
			return this.seen.computeIfAbsent(what, (key) -> new CompletableFuture<>());
		}

		Object await(String what) throws Exception {
			return future(what).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}

		Channel channel() {
			Channel channel = this.channel;
			assertThat(channel).isNotNull();
			return channel;
		}

	}

}
