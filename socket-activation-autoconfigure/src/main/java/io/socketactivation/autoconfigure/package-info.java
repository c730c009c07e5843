/**
 * Auto-configuration that serves the activated sockets with the embedded web server.
 */
@NullMarked
package io.socketactivation.autoconfigure;

import org.jspecify.annotations.NullMarked;
