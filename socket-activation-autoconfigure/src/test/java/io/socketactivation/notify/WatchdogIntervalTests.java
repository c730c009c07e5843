package io.socketactivation.notify;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatchdogIntervalTests {

	private static final long PID = 4242;

	@Test
	void pingsEveryHalfOfWatchdogUsec() {
		assertThat(WatchdogInterval.of("30000000", null, PID)).contains(Duration.ofSeconds(15));
		assertThat(WatchdogInterval.of("3", null, PID)).contains(Duration.ofNanos(1500));
	}

	@Test
	void noWatchdogWithoutWatchdogUsec() {
		assertThat(WatchdogInterval.of(null, null, PID)).isEmpty();
		assertThat(WatchdogInterval.of(null, String.valueOf(PID), PID)).isEmpty();
	}

	@Test
	void watchdogPidOfThisProcessEnablesIt() {
		assertThat(WatchdogInterval.of("2000000", String.valueOf(PID), PID)).contains(Duration.ofSeconds(1));
	}

	@Test
	void watchdogPidOfAnotherProcessDisablesIt() {
		assertThat(WatchdogInterval.of("2000000", "1", PID)).isEmpty();
	}

	@Test
	void zeroMalformedAndInfiniteValuesDisableIt() {
		assertThat(WatchdogInterval.of("0", null, PID)).isEmpty();
		assertThat(WatchdogInterval.of("soon", null, PID)).isEmpty();
		assertThat(WatchdogInterval.of("18446744073709551615", null, PID)).isEmpty();
		assertThat(WatchdogInterval.of("2000000", "me", PID)).isEmpty();
	}

}
