/**
 * Tests of serving adopted sockets with Jetty.
 */
@NullMarked
package io.socketactivation.jetty;

import org.jspecify.annotations.NullMarked;
