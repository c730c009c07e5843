package io.socketactivation.testsupport;

import java.util.List;
import java.util.stream.Stream;

/**
 * The test classpath holds Tomcat, Jetty and Reactor Netty; a child JVM gets one server
 * by leaving the others' jars off its classpath.
 *
 * @author socket-activation contributors
 */
public final class Servers {

	private static final List<String> TOMCAT_JARS = List.of("/org/apache/tomcat/", "/spring-boot-tomcat/",
			"/spring-boot-starter-tomcat");

	private static final List<String> JETTY_JARS = List.of("/org/eclipse/jetty/", "/spring-boot-jetty/",
			"/spring-boot-starter-jetty");

	private static final List<String> SERVLET_MVC_JARS = List.of("/spring-webmvc/", "/spring-boot-webmvc/",
			"/spring-boot-starter-webmvc/");

	/** Classpath exclusions that leave Tomcat (servlet). */
	public static final List<String> TOMCAT = JETTY_JARS;

	/** Classpath exclusions that leave Jetty (servlet). */
	public static final List<String> JETTY = TOMCAT_JARS;

	/** Classpath exclusions that leave Reactor Netty (WebFlux). */
	public static final List<String> NETTY = Stream.of(TOMCAT_JARS, JETTY_JARS, SERVLET_MVC_JARS)
		.flatMap(List::stream)
		.toList();

	private Servers() {
	}

}
