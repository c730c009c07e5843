/**
 * Tests of io.socketactivation.proxy.cli.
 */
@NullMarked
package io.socketactivation.proxy.cli;

import org.jspecify.annotations.NullMarked;
