/**
 * Settings: proxy.* properties and launch_socket_server's environment, validated up
 * front.
 */
@NullMarked
package io.socketactivation.proxy.config;

import org.jspecify.annotations.NullMarked;
