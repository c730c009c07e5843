/**
 * The systemd notification protocol ({@code sd_notify}): readiness, status, stopping,
 * watchdog and timeout extension, sent as datagrams to {@code NOTIFY_SOCKET} through
 * junixsocket.
 */
@NullMarked
package io.socketactivation.notify;

import org.jspecify.annotations.NullMarked;
