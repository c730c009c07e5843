package io.socketactivation.testapp.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that tell a test how a request was served.
 *
 * @author socket-activation contributors
 */
@RestController
class ProbeController {

	private static final Log logger = LogFactory.getLog(ProbeController.class);

	private final WebServerApplicationContext context;

	private final Environment environment;

	ProbeController(WebServerApplicationContext context, Environment environment) {
		this.context = context;
		this.environment = environment;
	}

	@GetMapping("/")
	String probe(HttpServletRequest request) {
		return "local=" + request.getLocalAddr() + " port=" + request.getLocalPort() + " webServerPort="
				+ this.context.getWebServer().getPort() + " local.server.port="
				+ this.environment.getProperty("local.server.port");
	}

	@GetMapping("/client")
	String client(HttpServletRequest request) {
		return request.getRemoteAddr() + ":" + request.getRemotePort();
	}

	@GetMapping("/thread")
	String thread() {
		return Thread.currentThread().toString();
	}

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/slow")
	String slow(@RequestParam long millis) throws InterruptedException {
		logger.info("slow request started");
		Thread.sleep(millis);
		return "slept " + millis;
	}

}
