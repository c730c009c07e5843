/**
 * Serving adopted sockets with Reactor Netty.
 */
@NullMarked
package io.socketactivation.netty;

import org.jspecify.annotations.NullMarked;
