package io.socketactivation.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class SocketActivationInfoContributorTests {

	@Test
	void activatedProcessShowsItsSource() throws Exception {
		ActivatedSocket socket = LoopbackSockets.open(SocketFamily.INET, "web", 3);
		try {
			Info info = contribute(ActivatedSockets.of(List.of(socket), "LISTEN_FDS=1"));
			assertThat(details(info)).containsExactly(entry("activated", true), entry("source", "systemd"),
					entry("summary", "LISTEN_FDS=1"), entry("sockets", 1));
		}
		finally {
			socket.channel().close();
		}
	}

	@Test
	void processThatWasNotActivatedBindsItself() {
		Info info = contribute(ActivatedSockets.none("LISTEN_PID is not set"));
		assertThat(details(info)).containsExactly(entry("activated", false), entry("source", "bind"),
				entry("summary", "LISTEN_PID is not set"), entry("sockets", 0));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Info info) {
		return (Map<String, Object>) info.get("socketActivation");
	}

	private static Info contribute(ActivatedSockets sockets) {
		Info.Builder builder = new Info.Builder();
		new SocketActivationInfoContributor(sockets).contribute(builder);
		return builder.build();
	}

}
