/**
 * proxy-app: forwards connections from activated sockets to a backend.
 */
@NullMarked
package io.socketactivation.proxy;

import org.jspecify.annotations.NullMarked;
