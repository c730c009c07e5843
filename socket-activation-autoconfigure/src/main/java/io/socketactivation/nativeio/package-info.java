/**
 * The only native code: socket inspection and adoption of inherited file descriptors
 * through JNA.
 */
@NullMarked
package io.socketactivation.nativeio;

import org.jspecify.annotations.NullMarked;
