/**
 * Tests of the Actuator support.
 */
@NullMarked
package io.socketactivation.actuate;

import org.jspecify.annotations.NullMarked;
