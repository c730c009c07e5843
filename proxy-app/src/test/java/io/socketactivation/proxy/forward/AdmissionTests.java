package io.socketactivation.proxy.forward;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.socketactivation.proxy.config.ProxyProperties.Connections;
import io.socketactivation.proxy.config.ProxyProperties.Overflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AdmissionTests {

	private final DefaultEventLoop loop = new DefaultEventLoop();

	private final ForwardingStats stats = new ForwardingStats();

	private final List<Channel> admitted = new ArrayList<>();

	private final CountDownLatch idle = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	private Admission admission(int max, Overflow overflow, int queueSize, @Nullable Duration exitIdleTime) {
		Connections limits = new Connections();
		limits.setMax(max);
		limits.setOverflow(overflow);
		limits.setQueueSize(queueSize);
		return new Admission(this.loop, limits, this.stats, (client, accepted, admitted) -> this.admitted.add(client),
				exitIdleTime, this.idle::countDown);
	}

	private List<EmbeddedChannel> offer(Admission admission, int count) throws Exception {
		List<EmbeddedChannel> clients = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			EmbeddedChannel client = new EmbeddedChannel();
			clients.add(client);
			this.loop.submit(() -> admission.offer(client)).get(10, TimeUnit.SECONDS);
		}
		return clients;
	}

	@Test
	void defaultLimitOf256IsExactAndRefusesPastIt() throws Exception {
		Admission admission = admission(new Connections().getMax(), Overflow.REFUSE, 0, null);
		List<EmbeddedChannel> clients = offer(admission, 300);
		assertThat(this.admitted).hasSize(256).containsExactlyElementsOf(clients.subList(0, 256));
		assertThat(clients.subList(256, 300)).noneMatch(Channel::isOpen);
		assertThat(this.stats.refused()).isEqualTo(44);
		admission.release();
		offer(admission, 1);
		assertThat(this.admitted).hasSize(257);
	}

	@Test
	void limitStaysExactWhileSeveralThreadsAcceptAndCloseAtOnce() throws Exception {
		// as the event loops do: each accepts on its own fd and closes its own
		// connections
		int max = 8;
		int threads = 4;
		int offersPerThread = 20_000;
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		AtomicInteger started = new AtomicInteger();
		ThreadLocal<ArrayDeque<Channel>> held = ThreadLocal.withInitial(ArrayDeque::new);
		Connections limits = new Connections();
		limits.setMax(max);
		Admission admission = new Admission(this.loop, limits, this.stats, (client, accepted, admitted) -> {
			started.incrementAndGet();
			mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
			held.get().add(client);
		}, null, () -> {
		});
		ExecutorService acceptors = Executors.newFixedThreadPool(threads);
		// the limit is reached and left thousands of times: not a line each
		Logger admissionLog = (Logger) LoggerFactory.getLogger(Admission.class);
		Level level = admissionLog.getLevel();
		admissionLog.setLevel(Level.ERROR);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				done.add(acceptors.submit(() -> {
					for (int i = 0; i < offersPerThread; i++) {
						admission.offer(new EmbeddedChannel());
						// each thread holds up to 4 connections, more than its share of
						// the 8
						ArrayDeque<Channel> mine = held.get();
						if (mine.size() > 3 || (i % 3 == 0 && !mine.isEmpty())) {
							mine.poll();
							running.decrementAndGet();
							admission.release();
						}
					}
					while (held.get().poll() != null) {
						running.decrementAndGet();
						admission.release();
					}
					return null;
				}));
			}
			for (Future<?> thread : done) {
				thread.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			admissionLog.setLevel(level);
			acceptors.shutdownNow();
			assertThat(acceptors.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(mostRunning.get()).isEqualTo(max);
		assertThat(started.get() + this.stats.refused()).isEqualTo((long) threads * offersPerThread);
		assertThat(this.stats.refused()).isPositive();
		assertThat(admission.connections()).isZero();
	}

	@Test
	void aProxyHeldAtItsLimitLogsReachingItOnceAndLeavingItOnceAQuarterIsFree() throws Exception {
		ListAppender<ILoggingEvent> log = logOf(Admission.class);
		try {
			Admission admission = admission(8, Overflow.REFUSE, 0, null);
			offer(admission, 9);
			// held at the limit: every close lets one more in, and the next is refused
			for (int i = 0; i < 50; i++) {
				this.loop.submit(admission::release).get(10, TimeUnit.SECONDS);
				offer(admission, 2);
			}
			assertThat(messages(log))
				.containsExactly("Connection limit reached: 8 connections open; refusing further connections");
			for (int i = 0; i < 2; i++) {
				this.loop.submit(admission::release).get(10, TimeUnit.SECONDS);
			}
			assertThat(messages(log)).hasSize(2)
				.endsWith("Below the connection limit again: 6 connections open, 51 refused meanwhile");
			offer(admission, 3);
			assertThat(messages(log)).hasSize(3)
				.endsWith("Connection limit reached: 8 connections open; refusing further connections");
		}
		finally {
			((Logger) LoggerFactory.getLogger(Admission.class)).detachAppender(log);
		}
	}

	@Test
	void theLimitCountsAsLeftOnceAQuarterOfItAndAtLeastTwoSlotsAreFree() {
		assertThat(IntStream.of(1, 2, 3, 4, 7, 8, 256).map(Admission::resumeLevel).toArray()).containsExactly(0, 0, 1,
				2, 5, 6, 192);
	}

	private static ListAppender<ILoggingEvent> logOf(Class<?> type) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		((Logger) LoggerFactory.getLogger(type)).addAppender(appender);
		return appender;
	}

	private static List<String> messages(ListAppender<ILoggingEvent> log) {
		return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	@Test
	void queueAdmitsInOrderWhenSlotsFreeAndRefusesPastItsSize() throws Exception {
		Admission admission = admission(1, Overflow.QUEUE, 2, null);
		List<EmbeddedChannel> clients = offer(admission, 4);
		assertThat(this.admitted).containsExactly(clients.get(0));
		assertThat(this.stats.queued()).isEqualTo(2);
		assertThat(clients.get(3).isOpen()).isFalse();
		this.loop.submit(admission::release).get(10, TimeUnit.SECONDS);
		assertThat(this.admitted).containsExactly(clients.get(0), clients.get(1));
		this.loop.submit(admission::release).get(10, TimeUnit.SECONDS);
		assertThat(this.admitted).containsExactly(clients.get(0), clients.get(1), clients.get(2));
		assertThat(this.stats.queued()).isZero();
	}

	@Test
	void aQueuedConnectionIsCountedWhileItIsAdmitted() throws Exception {
		Connections limits = new Connections();
		limits.setMax(1);
		limits.setOverflow(Overflow.QUEUE);
		List<Integer> countsWhenStarted = new ArrayList<>();
		Admission[] admission = new Admission[1];
		admission[0] = new Admission(this.loop, limits, this.stats,
				(client, accepted, admitted) -> countsWhenStarted.add(admission[0].connections()), null, () -> {
				});
		offer(admission[0], 2);
		assertThat(admission[0].connections()).isEqualTo(2);
		this.loop.submit(admission[0]::release).get(10, TimeUnit.SECONDS);
		// the drain at a stop waits for this count: the queued one, now starting,
		// is in it
		assertThat(countsWhenStarted).containsExactly(1, 1);
		assertThat(admission[0].connections()).isEqualTo(1);
	}

	@Test
	void aConnectionThatCannotBeStartedIsClosedAndFreesItsSlot() throws Exception {
		Connections limits = new Connections();
		limits.setMax(1);
		List<Channel> started = new ArrayList<>();
		Admission admission = new Admission(this.loop, limits, this.stats, (client, accepted, admitted) -> {
			if (started.isEmpty()) {
				started.add(client);
				throw new IllegalStateException("cannot start");
			}
			started.add(client);
		}, null, () -> {
		});
		EmbeddedChannel failing = new EmbeddedChannel();
		assertThatIllegalStateException().isThrownBy(() -> admission.offer(failing));
		assertThat(failing.isOpen()).isFalse();
		assertThat(admission.connections()).isZero();
		List<EmbeddedChannel> next = offer(admission, 1);
		assertThat(started).containsExactly(failing, next.get(0));
		assertThat(this.stats.refused()).isZero();
	}

	@Test
	void idleActionRunsOnlyWhenNothingIsOpenForTheExitIdleTime() throws Exception {
		Admission admission = admission(2, Overflow.REFUSE, 0, Duration.ofMillis(200));
		offer(admission, 1);
		admission.start();
		assertThat(this.idle.await(500, TimeUnit.MILLISECONDS)).isFalse();
		admission.release();
		assertThat(this.idle.await(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void idleActionDoesNotRunOnceStopped() throws Exception {
		Admission admission = admission(2, Overflow.REFUSE, 0, Duration.ofMillis(100));
		admission.start();
		admission.stop();
		assertThat(this.idle.await(500, TimeUnit.MILLISECONDS)).isFalse();
		// nor when the last connection closes during the stop
		offer(admission, 1);
		admission.release();
		assertThat(this.idle.await(500, TimeUnit.MILLISECONDS)).isFalse();
	}

	@Test
	void aQueuedConnectionIsAdmittedWithTheTimeItWasAccepted() throws Exception {
		Connections limits = new Connections();
		limits.setMax(1);
		limits.setOverflow(Overflow.QUEUE);
		List<long[]> times = new ArrayList<>();
		Admission admission = new Admission(this.loop, limits, this.stats,
				(client, accepted, admitted) -> times.add(new long[] { accepted, admitted }), null, () -> {
				});
		long before = System.nanoTime();
		offer(admission, 2);
		long offered = System.nanoTime();
		Thread.sleep(200);
		long releasing = System.nanoTime();
		this.loop.submit(admission::release).get(10, TimeUnit.SECONDS);
		assertThat(times).hasSize(2);
		assertThat(times.get(0)[1]).as("admitted at once").isEqualTo(times.get(0)[0]);
		assertThat(times.get(1)[0]).as("accepted when offered").isBetween(before, offered);
		assertThat(times.get(1)[1]).as("admitted when a slot freed").isGreaterThanOrEqualTo(releasing);
	}

}
