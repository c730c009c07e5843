/**
 * Tests of the launchd socket source.
 */
@NullMarked
package io.socketactivation.launchd;

import org.jspecify.annotations.NullMarked;
