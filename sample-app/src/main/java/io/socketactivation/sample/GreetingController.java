package io.socketactivation.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;

/**
 * Says hello, and which socket the request came in on.
 *
 * @author socket-activation contributors
 */
@RestController
class GreetingController {

	private final ActivatedSockets sockets;

	GreetingController(ActivatedSockets sockets) {
		this.sockets = sockets;
	}

	@GetMapping("/")
	Map<String, Object> greet(HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("message", "Hello from sample-app");
		body.put("servedOn", request.getLocalAddr() + ":" + request.getLocalPort());
		body.put("client", request.getRemoteAddr() + ":" + request.getRemotePort());
		body.put("socketActivated", !this.sockets.isEmpty());
		body.put("activation", this.sockets.summary());
		List<String> adopted = this.sockets.stream().map(ActivatedSocket::describe).toList();
		body.put("adoptedSockets", adopted);
		return body;
	}

}
