/**
 * Tests of the Actuator support's auto-configuration.
 */
@NullMarked
package io.socketactivation.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
