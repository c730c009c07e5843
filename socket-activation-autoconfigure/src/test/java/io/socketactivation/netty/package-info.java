/**
 * Tests of serving adopted sockets with Netty.
 */
@NullMarked
package io.socketactivation.netty;

import org.jspecify.annotations.NullMarked;
