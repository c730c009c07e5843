package io.socketactivation.notify;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.testsupport.NotifySocketServer;
import io.socketactivation.testsupport.NotifySocketServer.Notification;

import static org.assertj.core.api.Assertions.assertThat;

class StartupNotificationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final AtomicInteger sent = new AtomicInteger();

	private NotifySocketServer server;

	@BeforeEach
	void start() throws Exception {
		this.server = NotifySocketServer.atPath();
	}

	@AfterEach
	void stop() throws Exception {
		this.server.close();
	}

	@Test
	void startingThenExtensionsUntilFinished() throws Exception {
		StartupNotifications notifications = new StartupNotifications(notifier(), Duration.ofMillis(200));
		notifications.starting();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting");
		List<Notification> extensions = List.of(this.server.next(TIMEOUT), this.server.next(TIMEOUT),
				this.server.next(TIMEOUT));
		assertThat(extensions).extracting(Notification::text).containsOnly("EXTEND_TIMEOUT_USEC=200000");
		notifications.finished();
		int sent = this.sent.get();
		this.server.collect(Duration.ofMillis(500));
		assertThat(this.sent).as("notifications sent after finished()").hasValue(sent);
	}

	@Test
	void withoutExtensionOnlyStarting() throws Exception {
		StartupNotifications notifications = new StartupNotifications(notifier(), null);
		notifications.starting();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting");
		assertThat(this.server.collect(Duration.ofMillis(300))).isEmpty();
		notifications.finished();
	}

	private SystemdNotifier notifier() {
		SystemdNotifier notifier = SystemdNotifiers.forSocket(this.server.notifySocket());
		return (assignments) -> {
			this.sent.incrementAndGet();
			notifier.notify(assignments);
		};
	}

}
