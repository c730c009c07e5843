/**
 * Auto-configuration of the Actuator support: health indicator, endpoint, info
 * contributor and connection metrics, each switched on by its library.
 */
@NullMarked
package io.socketactivation.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
