package io.socketactivation.nativeio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.socketactivation.launchd.LaunchdAnswer;
import io.socketactivation.launchd.LaunchdAnswer.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The binding where there is no stand-in (unit tests' JVM: no {@code jna.library.path}),
 * and on real macOS.
 */
class NativeLaunchdTests {

	private final NativeLaunchd launchd = new NativeLaunchd();

	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "Linux has no libSystem; the stand-in is not on this JVM's path")
	void withoutLibSystemLaunchdIsUnavailableAndLinuxSaysSo() {
		assumeThat(System.getProperty("jna.library.path")).as("the stand-in libSystem.so may be on jna.library.path")
			.isNull();
		LaunchdAnswer answer = this.launchd.activateSocket("Socket");
		assertThat(answer.outcome()).isEqualTo(Outcome.UNAVAILABLE);
		assertThat(answer.detail()).isEqualTo("no libSystem on Linux (launchd is macOS's)");
		assertThat(this.launchd.activateSocket("listeners").outcome()).isEqualTo(Outcome.UNAVAILABLE);
	}

	@Test
	@EnabledOnOs(value = OS.MAC, disabledReason = "needs macOS's libSystem and launchd")
	void onMacosLibSystemLoadsAndAJvmStartedByATestIsNotActivated() {
		LaunchdAnswer answer = this.launchd.activateSocket("socket-activation-tests-no-such-socket");
		assertThat(answer.outcome()).isIn(Outcome.NOT_MANAGED, Outcome.NOT_IN_PLIST);
		assertThat(answer.detail()).matches("(ESRCH|ENOENT) \\(.+\\)");
		assertThat(this.launchd.activateSocket("socket-activation-tests-no-such-socket")).isSameAs(answer);
	}

}
