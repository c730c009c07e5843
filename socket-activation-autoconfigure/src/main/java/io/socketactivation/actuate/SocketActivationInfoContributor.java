package io.socketactivation.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;

/**
 * Adds a {@code socketActivation} entry to the info endpoint: whether the process was
 * activated, by which source, and what the environment said.
 *
 * @author socket-activation contributors
 */
public class SocketActivationInfoContributor implements InfoContributor {

	private final ActivatedSockets sockets;

	/**
	 * Create a contributor.
	 * @param sockets the sockets handed to this process
	 */
	public SocketActivationInfoContributor(ActivatedSockets sockets) {
		this.sockets = sockets;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("activated", !this.sockets.isEmpty());
		details.put("source", source());
		details.put("summary", this.sockets.summary());
		details.put("sockets", this.sockets.size());
		builder.withDetail("socketActivation", details);
	}

	private String source() {
		String sources = String.join(",",
				this.sockets.stream().map(ActivatedSocket::source).distinct().map((s) -> s.displayName()).toList());
		return sources.isEmpty() ? ServedListener.BIND_SOURCE : sources;
	}

}
