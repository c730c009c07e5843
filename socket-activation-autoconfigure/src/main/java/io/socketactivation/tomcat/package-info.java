/**
 * Serving adopted sockets with Tomcat's NIO connector.
 */
@NullMarked
package io.socketactivation.tomcat;

import org.jspecify.annotations.NullMarked;
