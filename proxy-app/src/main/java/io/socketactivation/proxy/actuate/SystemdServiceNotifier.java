package io.socketactivation.proxy.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.socketactivation.notify.SystemdNotifier;
import io.socketactivation.notify.SystemdNotifiers;
import io.socketactivation.notify.WatchdogInterval;

/**
 * {@link ServiceNotifier} over the starter's sd_notify
 * ({@code io.socketactivation.notify}): {@code READY=1} with a status once, then
 * {@code WATCHDOG=1} every {@code WATCHDOG_USEC/2} (the first one interval after ready)
 * when the watchdog is on for this process and the data path answers (a ping is withheld,
 * and logged, when it does not: systemd then acts on its {@code WatchdogSec=}), and
 * {@code STOPPING=1} at teardown.
 *
 * @author socket-activation contributors
 */
public final class SystemdServiceNotifier implements ServiceNotifier {

	private static final Logger logger = LoggerFactory.getLogger(SystemdServiceNotifier.class);

	/** The variables of the notify protocol, which the child program must not inherit. */
	public static final String[] VARIABLES = { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID" };

	private final SystemdNotifier notifier;

	private final @Nullable Duration watchdogInterval;

	private final Predicate<Duration> responsive;

	private boolean ready;

	private boolean stopped;

	private @Nullable ScheduledExecutorService watchdog;

	SystemdServiceNotifier(SystemdNotifier notifier, @Nullable Duration watchdogInterval,
			Predicate<Duration> responsive) {
		this.notifier = notifier;
		this.watchdogInterval = watchdogInterval;
		this.responsive = responsive;
	}

	/**
	 * Return the notifier for this process: sd_notify when {@code NOTIFY_SOCKET} is set,
	 * else one that only logs.
	 * @param environment the process environment
	 * @param responsive whether the data path answers within the time given (asked before
	 * each watchdog ping)
	 * @return the notifier
	 * @throws io.socketactivation.SocketActivationException if {@code NOTIFY_SOCKET} is
	 * malformed or cannot be used on this platform
	 */
	public static ServiceNotifier forEnvironment(Map<String, String> environment, Predicate<Duration> responsive) {
		String notifySocket = environment.get("NOTIFY_SOCKET");
		if (notifySocket == null || notifySocket.isEmpty()) {
			return ServiceNotifier.logging();
		}
		Duration interval = WatchdogInterval
			.of(environment.get("WATCHDOG_USEC"), environment.get("WATCHDOG_PID"), ProcessHandle.current().pid())
			.orElse(null);
		return new SystemdServiceNotifier(SystemdNotifiers.forSocket(notifySocket), interval, responsive);
	}

	/**
	 * Send {@code READY=1} and start the watchdog pings: once, and never after
	 * {@link #stopping()} (a backend that accepts during the stop does not make the
	 * service ready again).
	 */
	@Override
	public synchronized void ready(String status) {
		if (this.ready || this.stopped) {
			return;
		}
		this.ready = true;
		this.notifier.notify("READY=1", "STATUS=" + status);
		Duration interval = this.watchdogInterval;
		if (interval != null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "proxy-app-watchdog");
				thread.setDaemon(true);
				return thread;
			});
			Duration answerWithin = interval.dividedBy(2);
			executor.scheduleAtFixedRate(() -> ping(answerWithin), interval.toNanos(), interval.toNanos(),
					TimeUnit.NANOSECONDS);
			this.watchdog = executor;
		}
	}

	private void ping(Duration answerWithin) {
		if (this.responsive.test(answerWithin)) {
			this.notifier.notify("WATCHDOG=1");
		}
		else {
			logger.warn("The data path did not answer within {}: WATCHDOG=1 withheld", answerWithin);
		}
	}

	@Override
	public synchronized void stopping() {
		this.stopped = true;
		ScheduledExecutorService executor = this.watchdog;
		if (executor != null) {
			executor.shutdownNow();
			try {
				// no ping after STOPPING=1
				executor.awaitTermination(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.notifier.notify("STOPPING=1", "STATUS=Stopping");
	}

}
