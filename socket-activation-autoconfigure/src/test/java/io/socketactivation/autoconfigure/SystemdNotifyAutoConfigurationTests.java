package io.socketactivation.autoconfigure;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.newsclub.net.unix.AFUNIXDatagramChannel;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.socketactivation.SocketActivationException;
import io.socketactivation.notify.HealthEndpointWatchdogHealth;
import io.socketactivation.notify.SystemdNotifications;
import io.socketactivation.notify.SystemdNotifier;
import io.socketactivation.notify.WatchdogHealth;
import io.socketactivation.testsupport.NotifySocketServer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class SystemdNotifyAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SystemdNotifyAutoConfiguration.class));

	private NotifySocketServer server;

	@BeforeEach
	void listen() throws Exception {
		this.server = NotifySocketServer.atPath();
	}

	@AfterEach
	void close() throws Exception {
		this.server.close();
	}

	@Test
	void nothingAtAllWithoutNotifySocket() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SystemdNotifier.class)
			.doesNotHaveBean(SystemdNotifications.class)
			.doesNotHaveBean(SystemdNotifyProperties.class));
	}

	@Test
	void notifySocketSwitchesNotificationsOn() {
		this.contextRunner.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket())
			.run((context) -> assertThat(context).hasSingleBean(SystemdNotifier.class)
				.hasSingleBean(SystemdNotifications.class));
	}

	@Test
	void abstractNotifySocketIsAccepted() throws Exception {
		try (NotifySocketServer abstractServer = NotifySocketServer.inAbstractNamespace()) {
			this.contextRunner.withPropertyValues("NOTIFY_SOCKET=" + abstractServer.notifySocket())
				.run((context) -> assertThat(context).hasSingleBean(SystemdNotifications.class));
		}
	}

	@Test
	void disabledByProperty() {
		this.contextRunner
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket(), "socket-activation.notify.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SystemdNotifications.class));
	}

	@Test
	void backsOffWithoutJunixsocket() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AFUNIXDatagramChannel.class))
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SystemdNotifications.class));
	}

	@Test
	void vsockNotifySocketFailsStartUpSayingWhatToChange() {
		this.contextRunner.withPropertyValues("NOTIFY_SOCKET=vsock:2:1234").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(SocketActivationException.class, (ex) -> {
					assertThat(ex.getDescription()).isEqualTo("NOTIFY_SOCKET='vsock:2:1234' is neither an absolute "
							+ "path nor an @abstract socket name (vsock: is not supported).");
					assertThat(ex.getAction()).contains("Type=exec").contains("socket-activation.notify.enabled=false");
				});
		});
	}

	@Test
	void watchdogFollowsActuatorHealth() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
							HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket())
			.run((context) -> assertThat(context).hasSingleBean(HealthEndpoint.class)
				.getBean(WatchdogHealth.class)
				.isInstanceOf(HealthEndpointWatchdogHealth.class));
	}

	@Test
	void withoutActuatorTheWatchdogNeedsNoHealthBean() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthEndpoint.class))
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket())
			.run((context) -> assertThat(context).hasSingleBean(SystemdNotifications.class)
				.doesNotHaveBean(WatchdogHealth.class));
	}

	@Test
	void healthGroupThatCannotBeAppliedIsWarnedAbout(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthEndpoint.class))
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket(),
					"socket-activation.notify.watchdog.health-group=liveness")
			.run((context) -> {
				assertThat(context).hasSingleBean(SystemdNotifications.class);
				assertThat(output).contains("socket-activation.notify.watchdog.health-group=liveness is not applied: "
						+ "Actuator's health endpoint is not available");
			});
	}

	@Test
	void withoutAHealthGroupNothingIsWarned(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthEndpoint.class))
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket())
			.run((context) -> assertThat(output).doesNotContain("health-group"));
	}

	@Test
	void userDefinedNotifierIsUsed() {
		SystemdNotifier mine = (assignments) -> {
		};
		this.contextRunner.withPropertyValues("NOTIFY_SOCKET=vsock:2:1234")
			.withBean(SystemdNotifier.class, () -> mine)
			.run((context) -> assertThat(context).hasNotFailed().getBean(SystemdNotifier.class).isSameAs(mine));
	}

	@Test
	void extendTimeoutMustBePositive() {
		this.contextRunner
			.withPropertyValues("NOTIFY_SOCKET=" + this.server.notifySocket(),
					"socket-activation.notify.extend-timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("socket-activation.notify.extend-timeout must be positive, not PT0S"));
	}

}
