/**
 * The data path: activated listeners forwarded to the backend on Netty's native
 * transport.
 */
@NullMarked
package io.socketactivation.proxy.forward;

import org.jspecify.annotations.NullMarked;
