package io.socketactivation.proxy.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.SimpleTimeZone;
import java.util.TimeZone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProxyLineEncoder}: it writes what logback's pattern encoder writes for
 * the pattern proxy-app used to configure, in every time zone.
 */
class ProxyLineEncoderTests {

	private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX, ZONE} %-5level proxy-app: %msg%n";

	private final LoggerContext context = new LoggerContext();

	private final Logger logger = this.context.getLogger("io.socketactivation.proxy.Proxy");

	@AfterEach
	void stop() {
		this.context.stop();
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTC", "Europe/Paris", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati" })
	void writesTheLineOfTheLogbackPattern(String zone) {
		// winter, summer, a leap day, a year's last millisecond, the epoch
		for (String time : new String[] { "2026-01-23T11:20:07.078Z", "2026-07-01T23:59:59.999Z",
				"2028-02-29T00:00:00.001Z", "2026-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z" }) {
			long millis = Instant.parse(time).toEpochMilli();
			for (Level level : new Level[] { Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR }) {
				assertSameLine(zone, event(millis, level, "Forwarding {} to {}", null, "fd 3", "/run/backend.sock"));
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "UTC", "America/St_Johns" })
	void writesTheStackTraceOfAnExceptionAfterTheLine(String zone) {
		IOException cause = new IOException("Connection reset by peer");
		UncheckedIOException failure = new UncheckedIOException("Adopting fd 3 failed", cause);
		failure.addSuppressed(new IllegalStateException("and then this"));
		LoggingEvent event = event(System.currentTimeMillis(), Level.ERROR, "Start-up failed", failure);
		String line = assertSameLine(zone, event);
		assertThat(line).contains("Start-up failed" + System.lineSeparator() + UncheckedIOException.class.getName())
			.contains("Caused by: " + IOException.class.getName())
			.contains("Suppressed: " + IllegalStateException.class.getName());
	}

	@ParameterizedTest
	@ValueSource(ints = { 30, -30, 90, -90 })
	void writesAnOffsetWithSecondsAsLogbackDoes(int offsetSeconds) {
		// local mean times of old dates have such offsets
		String zone = ZoneOffset.ofTotalSeconds(offsetSeconds).getId();
		LoggingEvent event = event(System.currentTimeMillis(), Level.INFO, "Stopped", null);
		assertSameLine(zone, new SimpleTimeZone(offsetSeconds * 1000, zone), event);
	}

	private String assertSameLine(String zone, LoggingEvent event) {
		return assertSameLine(zone, TimeZone.getTimeZone(zone), event);
	}

	private String assertSameLine(String patternZone, TimeZone zone, LoggingEvent event) {
		PatternLayoutEncoder pattern = new PatternLayoutEncoder();
		pattern.setContext(this.context);
		pattern.setPattern(PATTERN.replace("ZONE", patternZone));
		pattern.setCharset(StandardCharsets.UTF_8);
		pattern.start();
		ProxyLineEncoder encoder = new ProxyLineEncoder(zone, StandardCharsets.UTF_8);
		String expected = new String(pattern.encode(event), StandardCharsets.UTF_8);
		assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).isEqualTo(expected);
		return expected;
	}

	private LoggingEvent event(long millis, Level level, String message, @Nullable Throwable thrown,
			Object... arguments) {
		LoggingEvent event = new LoggingEvent(Logger.class.getName(), this.logger, level, message, thrown, arguments);
		event.setTimeStamp(millis);
		return event;
	}

}
