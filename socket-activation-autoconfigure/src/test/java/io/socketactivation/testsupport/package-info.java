/**
 * Support for tests that start real processes and sockets.
 */
@NullMarked
package io.socketactivation.testsupport;

import org.jspecify.annotations.NullMarked;
