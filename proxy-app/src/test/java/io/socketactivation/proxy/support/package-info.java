/**
 * Support for proxy-app's tests: a scriptable backend, the proxy under
 * systemd-socket-activate, a plain socket client, and a real epoll loop for the data
 * path's unit tests.
 */
@NullMarked
package io.socketactivation.proxy.support;

import org.jspecify.annotations.NullMarked;
