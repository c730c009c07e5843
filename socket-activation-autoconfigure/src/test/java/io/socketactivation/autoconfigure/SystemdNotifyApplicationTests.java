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
	void startingReadyWatchdogThenStopping() throws Exception {
		this.context = run();
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("READY=1\nSTATUS=Started");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("WATCHDOG=1");
		this.context.close();
		List<Notification> end = this.server.takeUntil((text) -> text.startsWith("STOPPING=1"), TIMEOUT);
		assertThat(end).extracting(Notification::text).last().isEqualTo("STOPPING=1\nSTATUS=Stopping");
		assertThat(end.subList(0, end.size() - 1)).extracting(Notification::text).isSubsetOf("WATCHDOG=1");
		assertThat(this.server.collect(PING_INTERVAL.multipliedBy(4))).isEmpty();
	}

	@Test
	void extendTimeoutFromTheConfigurationFilesIsSentWithStarting() throws Exception {
		this.context = run(
				"--spring.config.location=classpath:io/socketactivation/autoconfigure/extend-timeout.properties");
		assertThat(this.server.next(TIMEOUT).text()).isEqualTo("STATUS=Starting\nEXTEND_TIMEOUT_USEC=300000000");
		assertThat(this.server.next(TIMEOUT).text()).startsWith("READY=1");
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
		// fails if READY=1 does not come
		this.server.takeUntil((text) -> text.startsWith("READY=1"), TIMEOUT);
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

	}

}
