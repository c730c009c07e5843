/**
 * Sockets handed to this process by a service manager (systemd, launchd, inetd): what was
 * handed over, and how to collect it once.
 */
@NullMarked
package io.socketactivation;

import org.jspecify.annotations.NullMarked;
