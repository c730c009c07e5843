/**
 * Tests of the LAUNCH_PROGRAM_SOCKET_PATH contract.
 */
@NullMarked
package io.socketactivation.env;

import org.jspecify.annotations.NullMarked;
