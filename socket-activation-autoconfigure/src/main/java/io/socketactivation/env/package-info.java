/**
 * launch_socket_server's contract: {@code LAUNCH_PROGRAM_SOCKET_PATH} names a Unix socket
 * the program binds itself, behind a proxy that owns the public socket.
 */
@NullMarked
package io.socketactivation.env;

import org.jspecify.annotations.NullMarked;
