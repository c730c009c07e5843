package io.socketactivation.testapp.reactive;

import java.net.InetSocketAddress;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that tell a test how a request was served, as the servlet probe does.
 *
 * @author socket-activation contributors
 */
@RestController
class ReactiveProbeController {

	private static final Log logger = LogFactory.getLog(ReactiveProbeController.class);

	private final WebServerApplicationContext context;

	private final Environment environment;

	ReactiveProbeController(WebServerApplicationContext context, Environment environment) {
		this.context = context;
		this.environment = environment;
	}

	@GetMapping("/")
	String probe(ServerHttpRequest request) {
		InetSocketAddress local = request.getLocalAddress();
		return "local=" + local.getAddress().getHostAddress() + " port=" + local.getPort() + " webServerPort="
				+ this.context.getWebServer().getPort() + " local.server.port="
				+ this.environment.getProperty("local.server.port");
	}

	@GetMapping("/client")
	String client(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "none";
		}
		String host = (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
		return host + ":" + remote.getPort();
	}

	@GetMapping("/hello")
	String hello() {
		return "hello";
	}

	@GetMapping("/slow")
	Mono<String> slow(@RequestParam long millis) {
		logger.info("slow request started");
		return Mono.delay(Duration.ofMillis(millis)).thenReturn("slept " + millis);
	}

}
