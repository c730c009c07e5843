/**
 * The launch_socket_server command line: options, program, usage.
 */
@NullMarked
package io.socketactivation.proxy.cli;

import org.jspecify.annotations.NullMarked;
