/**
 * proxy-app's logging configuration.
 */
@NullMarked
package io.socketactivation.proxy.logging;

import org.jspecify.annotations.NullMarked;
