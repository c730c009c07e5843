package io.socketactivation.proxy.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SystemdServiceNotifier}: the notifications, and the watchdog pings
 * withheld while the data path does not answer.
 *
 * @author socket-activation contributors
 */
class SystemdServiceNotifierTests {

	private static final Duration INTERVAL = Duration.ofMillis(50);

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final List<Duration> asked = new CopyOnWriteArrayList<>();

	private final AtomicBoolean answers = new AtomicBoolean(true);

	private final SystemdServiceNotifier notifier = new SystemdServiceNotifier(
			(assignments) -> this.sent.add(String.join("\n", assignments)), INTERVAL, (within) -> {
				this.asked.add(within);
				return this.answers.get();
			});

	@Test
	void readyOnceThenPingsWhileTheDataPathAnswersThenStopping() throws Exception {
		this.notifier.ready("Forwarding to /run/b.sock");
		this.notifier.ready("again");
		awaitPings(2);
		this.notifier.stopping();
		assertThat(this.sent).first().isEqualTo("READY=1\nSTATUS=Forwarding to /run/b.sock");
		assertThat(this.sent).last().isEqualTo("STOPPING=1\nSTATUS=Stopping");
		assertThat(this.sent.subList(1, this.sent.size() - 1)).containsOnly("WATCHDOG=1");
		assertThat(this.asked).containsOnly(INTERVAL.dividedBy(2));
	}

	@Test
	void pingsAreWithheldWhileTheDataPathDoesNotAnswer() throws Exception {
		this.answers.set(false);
		this.notifier.ready("Forwarding");
		awaitAsked(3);
		assertThat(this.sent).containsExactly("READY=1\nSTATUS=Forwarding");
		this.answers.set(true);
		awaitPings(1);
		this.notifier.stopping();
	}

	@Test
	void readyAfterStoppingSendsNothingAndStartsNoWatchdog() throws Exception {
		this.notifier.stopping();
		this.notifier.ready("Forwarding; the backend accepts");
		Thread.sleep(INTERVAL.multipliedBy(4).toMillis());
		assertThat(this.sent).containsExactly("STOPPING=1\nSTATUS=Stopping");
		assertThat(this.asked).isEmpty();
	}

	private void awaitPings(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.sent.stream().filter("WATCHDOG=1"::equals).count() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.sent.stream().filter("WATCHDOG=1"::equals).count()).isGreaterThanOrEqualTo(count);
	}

	private void awaitAsked(int count) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (this.asked.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(this.asked).hasSizeGreaterThanOrEqualTo(count);
	}

}
