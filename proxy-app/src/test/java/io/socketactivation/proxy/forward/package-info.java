/**
 * Tests of io.socketactivation.proxy.forward.
 */
@NullMarked
package io.socketactivation.proxy.forward;

import org.jspecify.annotations.NullMarked;
