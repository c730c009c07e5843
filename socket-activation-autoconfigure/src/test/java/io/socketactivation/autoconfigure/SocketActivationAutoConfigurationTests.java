package io.socketactivation.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.proxyprotocol.ProxyProtocolPolicy;
import io.socketactivation.testsupport.LoopbackSockets;
import io.socketactivation.tomcat.ActivatedTomcatServletWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SocketActivationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class));

	private final WebApplicationContextRunner webContextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class,
				TomcatServletWebServerAutoConfiguration.class));

	private ActivatedSocket socket;

	@AfterEach
	void closeSocket() throws Exception {
		if (this.socket != null) {
			this.socket.channel().close();
		}
	}

	@Test
	void processThatWasNotActivatedHasNoSocketsAndSaysWhy() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ActivatedSockets.class);
			ActivatedSockets sockets = context.getBean(ActivatedSockets.class);
			assertThat(sockets.isEmpty()).isTrue();
			// on macOS, launchd's answer follows
			assertThat(sockets.summary()).startsWith("LISTEN_PID is not set");
		});
	}

	@Test
	void launchdNamesDefaultToSocketThenListeners() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(SocketActivationProperties.class).toActivationSettings().launchdNames())
			.containsExactly("Socket", "listeners"));
	}

	@Test
	void launchdNamesAreBoundFromTheProperty() {
		this.contextRunner.withPropertyValues("socket-activation.launchd.names=web,admin")
			.run((context) -> assertThat(
					context.getBean(SocketActivationProperties.class).toActivationSettings().launchdNames())
				.containsExactly("web", "admin"));
	}

	@Test
	void everyFdIsAdoptedWithoutNames() {
		this.contextRunner.run((context) -> assertThat(
				context.getBean(SocketActivationProperties.class).toActivationSettings().socketNames())
			.isEmpty());
	}

	@Test
	void namesAndTheManagementSocketAreTheOnlyFdsAdopted() {
		this.contextRunner
			.withPropertyValues("socket-activation.names=web,api", "socket-activation.management-name=admin")
			.run((context) -> assertThat(
					context.getBean(SocketActivationProperties.class).toActivationSettings().socketNames())
				.containsExactly("web", "api", "admin"));
	}

	@Test
	void emptyLaunchdNamesFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("socket-activation.launchd.names=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageStartingWith("socket-activation.launchd.names must list at least one non-blank key");
		});
	}

	@Test
	void noSocketRequiresAProxyHeaderByDefault() {
		this.contextRunner.run((context) -> assertThat(context).getBean(ProxyProtocolPolicy.class)
			.isSameAs(ProxyProtocolPolicy.none()));
	}

	@Test
	void proxyHeaderIsRequiredOnTheProgramSocketAndTheSocketsNamedByTheProperties() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "proxied", 3);
		ActivatedSocket other = LoopbackSockets.open(SocketFamily.INET, "web", 4);
		try {
			this.contextRunner
				.withBean(ActivatedSockets.class,
						() -> ActivatedSockets.of(List.of(this.socket, other), "LISTEN_FDS=2"))
				.withPropertyValues("socket-activation.program-socket.proxy-protocol=true",
						"socket-activation.proxy-protocol.names=proxied")
				.run((context) -> {
					ProxyProtocolPolicy policy = context.getBean(ProxyProtocolPolicy.class);
					assertThat(policy.requiresHeader(this.socket)).isTrue();
					assertThat(policy.requiresHeader(other)).isFalse();
					assertThat(policy)
						.hasToString("ProxyProtocolPolicy[programSocket=true, names=[proxied], headerTimeout=PT5S]");
				});
		}
		finally {
			other.channel().close();
		}
	}

	@Test
	void proxyHeaderTimeoutIsBoundFromTheProperty() {
		this.contextRunner
			.withPropertyValues("socket-activation.proxy-protocol.names=proxied",
					"socket-activation.proxy-protocol.header-timeout=750ms")
			.run((context) -> assertThat(context.getBean(ProxyProtocolPolicy.class).headerTimeout())
				.isEqualTo(Duration.ofMillis(750)));
	}

	@Test
	void nonPositiveProxyHeaderTimeoutFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("socket-activation.proxy-protocol.header-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessage("socket-activation.proxy-protocol.header-timeout must be positive, such as 5s, not PT0S");
		});
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("socket-activation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ActivatedSockets.class));
	}

	@Test
	void requiredFailsStartUpWhenNotActivated() {
		this.contextRunner.withPropertyValues("socket-activation.required=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(SocketActivationException.class)
				.hasMessageStartingWith("socket-activation.required is true but this process was not "
						+ "socket-activated: LISTEN_PID is not set.");
		});
	}

	@Test
	void userDefinedSocketsAreUsed() {
		ActivatedSockets sockets = ActivatedSockets.none("defined by the user");
		this.contextRunner.withBean(ActivatedSockets.class, () -> sockets)
			.run((context) -> assertThat(context).getBean(ActivatedSockets.class).isSameAs(sockets));
	}

	@Test
	void servletApplicationGetsTheActivatedTomcatFactoryWithTheSockets() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		ActivatedSockets sockets = ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1");
		this.webContextRunner.withBean(ActivatedSockets.class, () -> sockets).run((context) -> {
			assertThat(context).hasSingleBean(ServletWebServerFactory.class);
			assertThat(context).getBean(ServletWebServerFactory.class)
				.isInstanceOfSatisfying(ActivatedTomcatServletWebServerFactory.class,
						(factory) -> assertThat(factory.getActivatedSockets().asList()).isEqualTo(sockets.asList()));
		});
	}

	@Test
	void userDefinedPlainTomcatFactoryIsRefusedWhenSocketsWereActivated() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		this.webContextRunner
			.withBean(ActivatedSockets.class, () -> ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1"))
			.withBean(TomcatServletWebServerFactory.class, TomcatServletWebServerFactory::new)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(SocketActivationException.class)
					.hasMessageContaining("cannot serve the activated sockets")
					.hasMessageContaining("(" + TomcatServletWebServerFactory.class.getName() + ")")
					.hasMessageContaining("extend ActivatedTomcatServletWebServerFactory");
			});
	}

	@Test
	void userDefinedPlainTomcatFactoryIsLeftAloneWithoutActivation() {
		this.webContextRunner.withBean(TomcatServletWebServerFactory.class, TomcatServletWebServerFactory::new)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ServletWebServerFactory.class)
				.isExactlyInstanceOf(TomcatServletWebServerFactory.class));
	}

	@Test
	void userDefinedActivatedTomcatFactoryGetsTheSockets() throws Exception {
		this.socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		ActivatedSockets sockets = ActivatedSockets.of(List.of(this.socket), "LISTEN_FDS=1");
		this.webContextRunner.withBean(ActivatedSockets.class, () -> sockets)
			.withBean("myFactory", ActivatedTomcatServletWebServerFactory.class,
					ActivatedTomcatServletWebServerFactory::new)
			.run((context) -> assertThat(context).getBean(ActivatedTomcatServletWebServerFactory.class)
				.extracting((factory) -> factory.getActivatedSockets().asList())
				.isEqualTo(sockets.asList()));
	}

	@Test
	void noTomcatFactoryWithoutTomcat() {
		this.webContextRunner.withClassLoader(new FilteredClassLoader(Tomcat.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServletWebServerFactory.class)
				.hasSingleBean(ActivatedSockets.class));
	}

	@Test
	void noServletFactoryInReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SocketActivationAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ServletWebServerFactory.class));
	}

	@Test
	void noServletFactoryInNonWebApplication() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ServletWebServerFactory.class));
	}

}
