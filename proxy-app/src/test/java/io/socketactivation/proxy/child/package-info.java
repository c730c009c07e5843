/**
 * Tests of io.socketactivation.proxy.child.
 */
@NullMarked
package io.socketactivation.proxy.child;

import org.jspecify.annotations.NullMarked;
