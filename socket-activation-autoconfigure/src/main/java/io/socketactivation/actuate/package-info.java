/**
 * Actuator support: where every listening socket came from and how it is doing (health,
 * endpoint, info, connection metrics), and the per-server seam that instruments
 * listeners.
 */
@NullMarked
package io.socketactivation.actuate;

import org.jspecify.annotations.NullMarked;
