/**
 * A listening socket on standard input (inetd "wait", systemd
 * {@code StandardInput=socket}, launchd {@code inetdCompatibility} with {@code Wait}),
 * and standard streams that are that socket.
 */
@NullMarked
package io.socketactivation.inherited;

import org.jspecify.annotations.NullMarked;
