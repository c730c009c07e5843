/**
 * A WebFlux (Reactor Netty) application started in child JVMs by integration tests.
 */
@NullMarked
package io.socketactivation.testapp.reactive;

import org.jspecify.annotations.NullMarked;
