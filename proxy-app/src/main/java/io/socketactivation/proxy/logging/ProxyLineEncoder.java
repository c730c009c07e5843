package io.socketactivation.proxy.logging;

import java.nio.charset.Charset;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * Writes proxy-app's log line, {@code 2026-11-23T11:20:07.078Z INFO  proxy-app: message},
 * followed by the stack trace of an exception, as logback's pattern
 * {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level proxy-app: %msg%n} would. Formatted in
 * code: logback's {@code PatternLayout} loads its whole converter table (some 80 lambdas
 * and classes) and the JDK's date formatter, about 0.1 s before the first forwarded byte
 * of an on-demand start.
 *
 * @author socket-activation contributors
 */
public final class ProxyLineEncoder extends EncoderBase<ILoggingEvent> {

	private static final int LEVEL_WIDTH = 5;

	private final TimeZone zone;

	private final Charset charset;

	/**
	 * Create an encoder writing times in the JVM's default time zone and text in its
	 * default charset, as logback's pattern encoder does.
	 */
	public ProxyLineEncoder() {
		this(TimeZone.getDefault(), Charset.defaultCharset());
	}

	ProxyLineEncoder(TimeZone zone, Charset charset) {
		this.zone = zone;
		this.charset = charset;
	}

	@Override
	public byte[] headerBytes() {
		return new byte[0];
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		return line(event).getBytes(this.charset);
	}

	@Override
	public byte[] footerBytes() {
		return new byte[0];
	}

	private String line(ILoggingEvent event) {
		StringBuilder line = new StringBuilder(128);
		appendTime(line, event.getTimeStamp());
		line.append(' ');
		String level = event.getLevel().toString();
		line.append(level);
		for (int i = level.length(); i < LEVEL_WIDTH; i++) {
			line.append(' ');
		}
		line.append(" proxy-app: ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
		IThrowableProxy thrown = event.getThrowableProxy();
		if (thrown != null) {
			line.append(ThrowableProxyUtil.asString(thrown));
		}
		return line.toString();
	}

	private void appendTime(StringBuilder line, long epochMillis) {
		int offsetSeconds = (int) TimeUnit.MILLISECONDS.toSeconds(this.zone.getOffset(epochMillis));
		ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
		LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
				(int) Math.floorMod(epochMillis, 1000L) * 1_000_000, offset);
		appendPadded(line, time.getYear(), 4).append('-');
		appendPadded(line, time.getMonthValue(), 2).append('-');
		appendPadded(line, time.getDayOfMonth(), 2).append('T');
		appendPadded(line, time.getHour(), 2).append(':');
		appendPadded(line, time.getMinute(), 2).append(':');
		appendPadded(line, time.getSecond(), 2).append('.');
		appendPadded(line, time.getNano() / 1_000_000, 3);
		appendOffset(line, offsetSeconds);
	}

	/**
	 * Append the offset as the pattern letters {@code XXX} do: {@code Z} for UTC (and for
	 * an offset of less than a minute), else {@code +HH:MM}, its seconds dropped.
	 */
	private static void appendOffset(StringBuilder line, int offsetSeconds) {
		int minutes = Math.abs(offsetSeconds) / 60;
		if (minutes == 0) {
			line.append('Z');
			return;
		}
		line.append((offsetSeconds < 0) ? '-' : '+');
		appendPadded(line, minutes / 60, 2).append(':');
		appendPadded(line, minutes % 60, 2);
	}

	private static StringBuilder appendPadded(StringBuilder line, int value, int width) {
		String digits = Integer.toString(value);
		for (int i = digits.length(); i < width; i++) {
			line.append('0');
		}
		return line.append(digits);
	}

}
