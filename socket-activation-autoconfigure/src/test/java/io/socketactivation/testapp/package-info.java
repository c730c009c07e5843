/**
 * A web application started in child JVMs by the integration tests.
 */
@NullMarked
package io.socketactivation.testapp;

import org.jspecify.annotations.NullMarked;
