/**
 * Tests of the systemd notification protocol.
 */
@NullMarked
package io.socketactivation.notify;

import org.jspecify.annotations.NullMarked;
