package io.socketactivation.proxy.forward;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;
import io.socketactivation.proxy.config.BackendAddress;
import io.socketactivation.proxy.config.ProxySettingException;
import io.socketactivation.proxy.support.EpollLoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link Transport}.
 */
class TransportTests {

	private static final BackendAddress UNIX = new BackendAddress.UnixSocket("/run/app/backend.sock");

	@Test
	void autoIsTheBestAvailable() {
		Transport expected = Epoll.isAvailable() ? Transport.EPOLL
				: (KQueue.isAvailable() ? Transport.KQUEUE : Transport.NIO);
		assertThat(Transport.select("auto", UNIX)).isEqualTo(expected);
		assertThat(Transport.select("AUTO", null)).isEqualTo(expected);
	}

	@Test
	void nioIsAlwaysThereAndAdoptsJdkChannels() throws Exception {
		Transport nio = Transport.select("nio", UNIX);
		assertThat(nio).isEqualTo(Transport.NIO);
		assertThat(nio.adoptsFileDescriptorNumbers()).isFalse();
		assertThat(nio.fileDescriptors()).isNotInstanceOf(RetainedFileDescriptors.class);
		assertThat(nio.backendSocketAddress(UNIX)).isEqualTo(UnixDomainSocketAddress.of("/run/app/backend.sock"));
		try (ServerSocketChannel channel = ServerSocketChannel.open()) {
			// on NIO the core adopted the socket as a JDK channel already: served as it
			// is
			ActivatedSocket adopted = new ActivatedSocket(SocketSource.SYSTEMD, "management", 4, SocketFamily.INET,
					new InetSocketAddress("127.0.0.1", 8081), channel);
			assertThat(nio.forJdkServer(adopted)).isSameAs(adopted);
		}
	}

	@Test
	void nativeTransportsAdoptFdNumbers() {
		assumeTrue(Epoll.isAvailable(), "epoll is not available here");
		Transport epoll = Transport.select("epoll", UNIX);
		assertThat(epoll.adoptsFileDescriptorNumbers()).isTrue();
		assertThat(epoll.fileDescriptors()).isInstanceOf(RetainedFileDescriptors.class);
		assertThat(epoll.backendSocketAddress(UNIX)).isEqualTo(new DomainSocketAddress("/run/app/backend.sock"));
		assertThat(epoll.backendSocketAddress(new BackendAddress.AbstractSocket("app")))
			.isEqualTo(new DomainSocketAddress("\0app"));
		assertThat(epoll.backendSocketAddress(new BackendAddress.Tcp("127.0.0.1", 8080)))
			.isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
	}

	@Test
	void aBackendHostNameIsResolvedAtEachConnectionAndALiteralAddressAtOnce() {
		Transport nio = Transport.select("nio", UNIX);
		InetSocketAddress named = (InetSocketAddress) nio
			.backendSocketAddress(new BackendAddress.Tcp("localhost", 8080));
		assertThat(named.isUnresolved()).isTrue();
		assertThat(named.getHostString()).isEqualTo("localhost");
		assertThat(named.getPort()).isEqualTo(8080);
		InetSocketAddress literal = (InetSocketAddress) nio.backendSocketAddress(new BackendAddress.Tcp("::1", 8080));
		assertThat(literal.isUnresolved()).isFalse();
		assertThat(literal.getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
	}

	@Test
	void epollShutsOutputDownAndKeepsReading() throws Exception {
		try (EpollLoop loop = EpollLoop.start(Transport.EPOLL.ioHandlerFactory())) {
			ServerSocketChannel peers = loop.opened(ServerSocketChannel.open());
			peers.bind(new InetSocketAddress("127.0.0.1", 0));
			BlockingQueue<String> read = new LinkedBlockingQueue<>();
			Channel channel = new Bootstrap().group(loop.group())
				.channel(EpollSocketChannel.class)
				.option(ChannelOption.ALLOW_HALF_CLOSURE, true)
				.handler(new ChannelInboundHandlerAdapter() {

					@Override
					public void channelRead(ChannelHandlerContext ctx, Object msg) {
						read.add(((ByteBuf) msg).toString(StandardCharsets.UTF_8));
						ReferenceCountUtil.release(msg);
					}

				})
				.connect(peers.getLocalAddress())
				.sync()
				.channel();
			SocketChannel peer = loop.opened(peers.accept());
			ChannelFuture shut = channel.eventLoop()
				.submit(() -> Transport.EPOLL.shutdownOutput((DuplexChannel) channel))
				.get(10, TimeUnit.SECONDS);
			assertThat(shut.isSuccess()).isTrue();
			assertThat(((DuplexChannel) channel).isOutputShutdown()).isTrue();
			peer.socket().setSoTimeout(10_000);
			assertThat(peer.socket().getInputStream().read()).as("the peer's end of input").isEqualTo(-1);
			peer.write(ByteBuffer.wrap("still heard".getBytes(StandardCharsets.UTF_8)));
			assertThat(read.poll(10, TimeUnit.SECONDS)).isEqualTo("still heard");
		}
	}

	@Test
	void ioUringOnlyWhenChosen() {
		assertThat(Transport.select("auto", UNIX)).isNotEqualTo(Transport.IO_URING);
		assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
		Transport ioUring = Transport.select("io_uring", UNIX);
		assertThat(ioUring).isEqualTo(Transport.IO_URING);
		assertThat(ioUring.adoptsFileDescriptorNumbers()).isTrue();
		assertThat(ioUring.fileDescriptors()).isInstanceOf(RetainedFileDescriptors.class);
	}

	@Test
	void unknownTransportIsAnErrorNamingTheProperty() {
		assertThatExceptionOfType(ProxySettingException.class).isThrownBy(() -> Transport.select("iouring", UNIX))
			.withMessageContaining("proxy.transport='iouring' is not a transport.")
			.withMessageContaining("auto (the default), epoll, io_uring, kqueue or nio");
	}

	@Test
	void unavailableTransportIsAnErrorSayingWhy() {
		assumeTrue(!KQueue.isAvailable(), "kqueue is available here");
		assertThatExceptionOfType(ProxySettingException.class).isThrownBy(() -> Transport.select("kqueue", UNIX))
			.withMessageContaining("proxy.transport=kqueue is not available here: ")
			.withMessageContaining("proxy.transport=auto");
	}

	@Test
	void onlyTheLinuxTransportsReachAbstractSockets() {
		assertThat(Transport.values()).filteredOn(Transport::reachesAbstractSockets)
			.containsExactlyInAnyOrder(Transport.EPOLL, Transport.IO_URING);
	}

	@Test
	void nioCannotReachAnAbstractSocket() {
		assertThatExceptionOfType(ProxySettingException.class)
			.isThrownBy(() -> Transport.select("nio", new BackendAddress.AbstractSocket("app")))
			.withMessageContaining("is a Linux abstract socket, which NIO cannot reach");
	}

}
