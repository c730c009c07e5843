/**
 * Actuator on the management socket: health, metrics and the live configuration.
 */
@NullMarked
package io.socketactivation.proxy.actuate;

import org.jspecify.annotations.NullMarked;
