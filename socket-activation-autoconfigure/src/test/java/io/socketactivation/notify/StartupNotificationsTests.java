package io.socketactivation.notify;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.testsupport.NotifySocketServer;

import static org.assertj.core.api.Assertions.assertThat;

class StartupNotificationsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
	void startingWithTheExtensionOnceInOneDatagram() throws Exception {
		new StartupNotifications(notifier(), Duration.ofMinutes(5)).starting();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting\nEXTEND_TIMEOUT_USEC=300000000");
		assertThat(this.server.collect(Duration.ofMillis(300))).isEmpty();
	}

	@Test
	void withoutExtensionOnlyStarting() throws Exception {
		new StartupNotifications(notifier(), null).starting();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting");
		assertThat(this.server.collect(Duration.ofMillis(300))).isEmpty();
	}

	private SystemdNotifier notifier() {
		return SystemdNotifiers.forSocket(this.server.notifySocket());
	}

}
