/**
 * The child program: its private socket directory, environment, start and stop.
 */
@NullMarked
package io.socketactivation.proxy.child;

import org.jspecify.annotations.NullMarked;
