package io.socketactivation.proxy.forward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link OffLoopResolverGroup}: a slow lookup does not hold the event loop up.
 *
 * @author socket-activation contributors
 */
class OffLoopResolverGroupTests {

	private final DefaultEventLoop loop = new DefaultEventLoop();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicReference<String> lookupThread = new AtomicReference<>();

	@AfterEach
	void stop() {
		this.release.countDown();
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	@Test
	void aSlowLookupRunsOffTheEventLoopWhichGoesOnMeanwhile() throws Exception {
		try (OffLoopResolverGroup group = new OffLoopResolverGroup(this::slowLookup)) {
			Future<InetSocketAddress> resolved = this.loop
				.submit(() -> group.getResolver(this.loop)
					.resolve(InetSocketAddress.createUnresolved("backend.example", 8080)))
				.get(5, TimeUnit.SECONDS);
			assertThat(this.loop.submit(() -> "the loop runs").get(5, TimeUnit.SECONDS)).isEqualTo("the loop runs");
			assertThat(resolved.isDone()).isFalse();
			this.release.countDown();
			InetSocketAddress address = resolved.get(5, TimeUnit.SECONDS);
			assertThat(address.getHostString()).isEqualTo("backend.example");
			assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.7");
			assertThat(address.getPort()).isEqualTo(8080);
			assertThat(this.lookupThread.get()).startsWith("proxy-resolver");
		}
	}

	@Test
	void anUnknownHostFailsTheResolution() throws Exception {
		try (OffLoopResolverGroup group = new OffLoopResolverGroup((host) -> {
			throw new UnknownHostException(host + ": Name or service not known");
		})) {
			Future<InetSocketAddress> resolved = this.loop
				.submit(() -> group.getResolver(this.loop).resolve(InetSocketAddress.createUnresolved("nowhere", 80)))
				.get(5, TimeUnit.SECONDS);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> resolved.get(5, TimeUnit.SECONDS))
				.withCauseInstanceOf(UnknownHostException.class)
				.withMessageContaining("nowhere: Name or service not known");
		}
	}

	private InetAddress[] slowLookup(String host) throws UnknownHostException {
		this.lookupThread.set(Thread.currentThread().getName());
		try {
			this.release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 7 }) };
	}

}
