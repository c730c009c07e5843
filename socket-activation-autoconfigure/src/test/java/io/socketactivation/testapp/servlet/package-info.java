/**
 * A servlet (Tomcat or Jetty) application started in child JVMs by integration tests.
 */
@NullMarked
package io.socketactivation.testapp.servlet;

import org.jspecify.annotations.NullMarked;
