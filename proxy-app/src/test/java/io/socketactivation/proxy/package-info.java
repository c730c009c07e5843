/**
 * Tests of proxy-app: unit tests and integration tests under systemd-socket-activate.
 */
@NullMarked
package io.socketactivation.proxy;

import org.jspecify.annotations.NullMarked;
