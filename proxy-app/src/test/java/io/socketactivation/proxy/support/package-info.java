/**
 * Support for proxy-app's tests: a scriptable backend, the proxy under
 * systemd-socket-activate, and a plain socket client.
 */
@NullMarked
package io.socketactivation.proxy.support;

import org.jspecify.annotations.NullMarked;
