/**
 * A small web application served on the sockets systemd or launchd hands over.
 */
@NullMarked
package io.socketactivation.sample;

import org.jspecify.annotations.NullMarked;
