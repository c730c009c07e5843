package io.socketactivation.testapp.servlet;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application integration tests start under a service manager.
 *
 * @author socket-activation contributors
 */
@SpringBootApplication
public class TestWebApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(TestWebApplication.class);
		application.setDefaultProperties(Map.of("spring.main.banner-mode", "off"));
		application.run(args);
	}

}
