package io.socketactivation.testapp.reactive;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The WebFlux application integration tests start under a service manager.
 *
 * @author socket-activation contributors
 */
@SpringBootApplication
public class ReactiveTestApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ReactiveTestApplication.class);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
		application.run(args);
	}

}
