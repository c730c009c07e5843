package io.socketactivation.notify;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Tells systemd how the application is doing once its context exists (the start-up phase
 * is {@link StartupNotifications}'s):
 * <ol>
 * <li>{@link ApplicationReadyEvent}: {@code READY=1} and {@code STATUS=Serving ...}, then
 * {@code WATCHDOG=1} every {@code WATCHDOG_USEC/2} (the first one interval after
 * {@code READY=1}) while {@link WatchdogHealth} says healthy (a {@code STATUS=} line says
 * when the pings pause and resume);</li>
 * <li>the context closing: {@code STOPPING=1} and {@code STATUS=Stopping}, and no more
 * pings.</li>
 * </ol>
 *
 * @author socket-activation contributors
 */
public class SystemdNotifications
		implements ApplicationListener<ApplicationEvent>, ApplicationContextAware, DisposableBean {

	private static final Log logger = LogFactory.getLog(SystemdNotifications.class);

	private final SystemdNotifier notifier;

	private final @Nullable Duration watchdogInterval;

	private final WatchdogHealth watchdogHealth;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "systemd-notify");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable ApplicationContext applicationContext;

	private @Nullable ScheduledFuture<?> watchdog;

	private volatile String servingStatus = "Started";

	private boolean healthy = true;

	private volatile boolean stopping;

	/**
	 * Create an instance.
	 * @param notifier sends the notifications
	 * @param watchdogInterval how often to ping the watchdog, {@code null} when it is not
	 * enabled for this process
	 * @param watchdogHealth whether to ping
	 */
	public SystemdNotifications(SystemdNotifier notifier, @Nullable Duration watchdogInterval,
			WatchdogHealth watchdogHealth) {
		this.notifier = notifier;
		this.watchdogInterval = watchdogInterval;
		this.watchdogHealth = watchdogHealth;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) {
		this.applicationContext = applicationContext;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == this.applicationContext) {
			ready(ReadyStatus.of(ready.getApplicationContext()));
		}
		else if (event instanceof ContextClosedEvent closed
				&& closed.getApplicationContext() == this.applicationContext) {
			stopping();
		}
	}

	private synchronized void ready(String status) {
		if (this.stopping) {
			return;
		}
		this.servingStatus = status;
		this.notifier.notify("READY=1", "STATUS=" + status);
		Duration interval = this.watchdogInterval;
		if (interval != null) {
			logger.info("Pinging the systemd watchdog every " + interval.toMillis() + " ms while healthy");
			// first ping after one interval: systemd arms the watchdog at READY=1, and
			// readiness (part of health) becomes ACCEPTING_TRAFFIC just after this event
			this.watchdog = this.scheduler.scheduleWithFixedDelay(this::pingWatchdog, interval.toNanos(),
					interval.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void pingWatchdog() {
		if (this.stopping) {
			return;
		}
		// outside the lock: a slow check (a database timing out) must not hold up the
		// STOPPING=1 of a stop that begins meanwhile, nor the context's close
		boolean healthy = isHealthy();
		synchronized (this) {
			if (!this.stopping) {
				sendWatchdog(healthy);
			}
		}
	}

	private void sendWatchdog(boolean healthy) {
		if (healthy) {
			this.notifier.notify("WATCHDOG=1");
		}
		if (healthy != this.healthy) {
			this.healthy = healthy;
			String status = healthy ? this.servingStatus : "Unhealthy: watchdog pings paused";
			logger.warn(healthy ? "Healthy again: pinging the systemd watchdog"
					: "Not healthy: the systemd watchdog is not pinged until health is UP");
			this.notifier.notify("STATUS=" + status);
		}
	}

	private boolean isHealthy() {
		try {
			return this.watchdogHealth.isHealthy();
		}
		catch (RuntimeException ex) {
			if (this.healthy) {
				logger.warn("Health check for the systemd watchdog failed", ex);
			}
			return false;
		}
	}

	private synchronized void stopping() {
		if (this.stopping) {
			return;
		}
		this.stopping = true;
		cancel(this.watchdog);
		this.notifier.notify("STOPPING=1", "STATUS=Stopping");
	}

	@Override
	public void destroy() {
		stopping();
		this.scheduler.shutdownNow();
	}

	private static void cancel(@Nullable ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

}
