package io.socketactivation.notify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import io.socketactivation.testsupport.NotifySocketServer;
import io.socketactivation.testsupport.NotifySocketServer.Notification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SystemdNotifications} against a real {@code NOTIFY_SOCKET}.
 *
 * @author socket-activation contributors
 */
class SystemdNotificationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration INTERVAL = Duration.ofMillis(100);

	private final AtomicBoolean healthy = new AtomicBoolean(true);

	private final GenericApplicationContext context = new GenericApplicationContext();

	private NotifySocketServer server;

	private SystemdNotifications notifications;

	@BeforeEach
	void start() throws Exception {
		this.server = NotifySocketServer.atPath();
		this.context.refresh();
	}

	@AfterEach
	void stop() throws Exception {
		if (this.notifications != null) {
			this.notifications.destroy();
		}
		this.context.close();
		this.server.close();
	}

	@Test
	void readyThenWatchdogThenStopping() throws Exception {
		create(INTERVAL);
		ready();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("READY=1\nSTATUS=Started");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		closed();
		List<Notification> rest = this.server.takeUntil("STOPPING=1\nSTATUS=Stopping"::equals, TIMEOUT);
		assertThat(rest).extracting(Notification::text).last().isEqualTo("STOPPING=1\nSTATUS=Stopping");
		assertThat(rest).extracting(Notification::text)
			.allMatch((text) -> text.equals("WATCHDOG=1") || text.equals("STOPPING=1\nSTATUS=Stopping"));
		assertThat(this.server.collect(INTERVAL.multipliedBy(5))).isEmpty();
	}

	@Test
	void watchdogIsPingedAtHalfTheTimeoutNotFaster() throws Exception {
		create(INTERVAL);
		ready();
		assertThat(this.server.next(TIMEOUT).text()).startsWith("READY=1");
		// counted over a window, not timed one by one: a receiver that stalls sees pings
		// bunched, never more of them
		List<Notification> pings = this.server.collect(INTERVAL.multipliedBy(20));
		assertThat(pings).extracting(Notification::text).containsOnly("WATCHDOG=1");
		assertThat(pings).hasSizeBetween(5, 21);
	}

	@Test
	void watchdogPausesWhileUnhealthyAndResumesWhenHealthyAgain() throws Exception {
		create(INTERVAL);
		ready();
		this.server.takeUntil("WATCHDOG=1"::equals, TIMEOUT);
		this.healthy.set(false);
		this.server.takeUntil("STATUS=Unhealthy: watchdog pings paused"::equals, TIMEOUT);
		assertThat(this.server.collect(INTERVAL.multipliedBy(5))).isEmpty();
		this.healthy.set(true);
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Started");
	}

	@Test
	void failingHealthCheckCountsAsUnhealthy() throws Exception {
		this.notifications = new SystemdNotifications(SystemdNotifiers.forSocket(this.server.notifySocket()), INTERVAL,
				() -> {
					throw new IllegalStateException("broken");
				});
		this.notifications.setApplicationContext(this.context);
		ready();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("READY=1\nSTATUS=Started");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Unhealthy: watchdog pings paused");
		assertThat(this.server.collect(INTERVAL.multipliedBy(3))).isEmpty();
	}

	@Test
	void withoutWatchdogOnlyReadyAndStopping() throws Exception {
		create(null);
		ready();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("READY=1\nSTATUS=Started");
		assertThat(this.server.collect(INTERVAL.multipliedBy(3))).isEmpty();
		this.notifications.destroy();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STOPPING=1\nSTATUS=Stopping");
	}

	@Test
	void eventsOfAnotherContextAreIgnored() throws Exception {
		create(null);
		try (GenericApplicationContext other = new GenericApplicationContext()) {
			other.refresh();
			this.notifications.onApplicationEvent(new ContextClosedEvent(other));
			this.notifications.onApplicationEvent(
					new ApplicationReadyEvent(new SpringApplication(), new String[0], other, Duration.ZERO));
		}
		assertThat(this.server.collect(INTERVAL.multipliedBy(3))).isEmpty();
	}

	@Test
	void aSlowHealthCheckDoesNotHoldUpStopping() throws Exception {
		CountDownLatch checking = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.notifications = new SystemdNotifications(SystemdNotifiers.forSocket(this.server.notifySocket()), INTERVAL,
				() -> {
					checking.countDown();
					try {
						return release.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return false;
					}
				});
		this.notifications.setApplicationContext(this.context);
		try {
			ready();
			assertThat(this.server.next(TIMEOUT).text()).startsWith("READY=1");
			assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
			long start = System.nanoTime();
			closed();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STOPPING=1\nSTATUS=Stopping");
		}
		finally {
			release.countDown();
		}
		// the check that was under way when the stop began sends nothing after it
		assertThat(this.server.collect(INTERVAL.multipliedBy(3))).isEmpty();
	}

	@Test
	void stoppingIsSentOnce() throws Exception {
		create(null);
		closed();
		this.notifications.destroy();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STOPPING=1\nSTATUS=Stopping");
		assertThat(this.server.collect(INTERVAL.multipliedBy(3))).isEmpty();
	}

	private void create(Duration interval) throws Exception {
		this.notifications = new SystemdNotifications(SystemdNotifiers.forSocket(this.server.notifySocket()), interval,
				this.healthy::get);
		this.notifications.setApplicationContext(this.context);
	}

	private void ready() {
		this.notifications.onApplicationEvent(
				new ApplicationReadyEvent(new SpringApplication(), new String[0], this.context, Duration.ZERO));
	}

	private void closed() {
		this.notifications.onApplicationEvent(new ContextClosedEvent(this.context));
	}

}
