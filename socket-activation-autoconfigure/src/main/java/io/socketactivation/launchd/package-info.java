/**
 * The launchd socket source: the sockets of the plist's {@code Sockets} entries, asked
 * for by name with {@code launch_activate_socket(3)}.
 */
@NullMarked
package io.socketactivation.launchd;

import org.jspecify.annotations.NullMarked;
