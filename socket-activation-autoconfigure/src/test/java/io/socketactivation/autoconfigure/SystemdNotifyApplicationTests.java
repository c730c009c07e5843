package io.socketactivation.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.socketactivation.testsupport.NotifySocketServer;
import io.socketactivation.testsupport.NotifySocketServer.Notification;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole Spring Boot application with Actuator against a real {@code NOTIFY_SOCKET}: the
 * order of the notifications over its life, and the watchdog following its health.
 *
 * @author socket-activation contributors
 */
class SystemdNotifyApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** WATCHDOG_USEC=400000: a ping every 200 ms. */
	private static final Duration PING_INTERVAL = Duration.ofMillis(200);

	private NotifySocketServer server;

	private ConfigurableApplicationContext context;

	@BeforeEach
	void listen() throws Exception {
		this.server = NotifySocketServer.atPath();
	}

	@AfterEach
	void close() throws Exception {
		if (this.context != null) {
			this.context.close();
		}
		this.server.close();
	}

	@Test
	void startingExtendingReadyWatchdogThenStopping() throws Exception {
		this.context = run("--socket-activation.notify.extend-timeout=200ms", "--slow-start=600");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting");
		List<Notification> start = this.server.takeUntil((text) -> text.startsWith("READY=1"), TIMEOUT);
		assertThat(start).extracting(Notification::text)
			.hasSizeGreaterThanOrEqualTo(2)
			.last()
			.isEqualTo("READY=1\nSTATUS=Started");
		assertThat(start.subList(0, start.size() - 1)).extracting(Notification::text)
			.containsOnly("EXTEND_TIMEOUT_USEC=200000");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		this.context.close();
		List<Notification> end = this.server.takeUntil((text) -> text.startsWith("STOPPING=1"), TIMEOUT);
		assertThat(end).extracting(Notification::text).last().isEqualTo("STOPPING=1\nSTATUS=Stopping");
		assertThat(end.subList(0, end.size() - 1)).extracting(Notification::text).isSubsetOf("WATCHDOG=1");
		assertThat(this.server.collect(PING_INTERVAL.multipliedBy(4))).isEmpty();
	}

	@Test
	void watchdogStopsWhileHealthIsDownAndResumesWhenUp() throws Exception {
		this.context = run();
		this.server.takeUntil("WATCHDOG=1"::equals, TIMEOUT);
		AtomicBoolean up = this.context.getBean(NotifyApplication.class).up;
		up.set(false);
		this.server.takeUntil("STATUS=Unhealthy: watchdog pings paused"::equals, TIMEOUT);
		assertThat(this.server.collect(PING_INTERVAL.multipliedBy(5))).isEmpty();
		up.set(true);
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Started");
	}

	@Test
	void watchdogFollowsTheConfiguredHealthGroup() throws Exception {
		this.context = run("--management.endpoint.health.group.watchdog.include=ping",
				"--socket-activation.notify.watchdog.health-group=watchdog");
		this.server.takeUntil("WATCHDOG=1"::equals, TIMEOUT);
		this.context.getBean(NotifyApplication.class).up.set(false);
		// the toggled indicator is not in the group: pings go on
		List<Notification> later = this.server.collect(PING_INTERVAL.multipliedBy(5));
		assertThat(later).extracting(Notification::text).contains("WATCHDOG=1").containsOnly("WATCHDOG=1");
	}

	@Test
	void watchdogPidOfAnotherProcessMeansNoPings() throws Exception {
		this.context = run("--WATCHDOG_PID=1");
		assertThat(this.server.takeUntil((text) -> text.startsWith("READY=1"), TIMEOUT)).isNotEmpty();
		assertThat(this.server.collect(PING_INTERVAL.multipliedBy(4))).isEmpty();
	}

	private ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(NotifyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> all = new ArrayList<>(List.of("--NOTIFY_SOCKET=" + this.server.notifySocket(),
				"--WATCHDOG_USEC=" + PING_INTERVAL.multipliedBy(2).toNanos() / 1000, "--spring.main.banner-mode=off",
				"--spring.jmx.enabled=false"));
		all.addAll(List.of(args));
		return application.run(all.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class NotifyApplication {

		final AtomicBoolean up = new AtomicBoolean(true);

		@Bean
		HealthIndicator toggleHealthIndicator() {
			return () -> this.up.get() ? Health.up().build() : Health.down().build();
		}

		@Bean
		SlowStart slowStart(Environment environment) throws InterruptedException {
			Thread.sleep(environment.getProperty("slow-start", Long.class, 0L));
			return new SlowStart();
		}

	}

	static class SlowStart {

	}

}
