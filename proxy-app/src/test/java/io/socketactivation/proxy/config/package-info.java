/**
 * Tests of io.socketactivation.proxy.config.
 */
@NullMarked
package io.socketactivation.proxy.config;

import org.jspecify.annotations.NullMarked;
