/**
 * The systemd {@code LISTEN_PID}/{@code LISTEN_FDS}/{@code LISTEN_FDNAMES} protocol, read
 * as libsystemd reads it.
 */
@NullMarked
package io.socketactivation.systemd;

import org.jspecify.annotations.NullMarked;
