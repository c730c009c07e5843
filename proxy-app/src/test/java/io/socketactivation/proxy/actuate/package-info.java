/**
 * Tests of io.socketactivation.proxy.actuate.
 */
@NullMarked
package io.socketactivation.proxy.actuate;

import org.jspecify.annotations.NullMarked;
