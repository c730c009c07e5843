/**
 * The configuration reference, generated during the build from the configuration metadata
 * of each module.
 */
@NullMarked
package io.socketactivation.docs;

import org.jspecify.annotations.NullMarked;
