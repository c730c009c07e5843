package io.socketactivation.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web application that serves whatever sockets the service manager hands over, or binds
 * {@code server.port} when started by hand.
 *
 * @author socket-activation contributors
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
