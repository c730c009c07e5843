package io.socketactivation.actuate;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.SocketFamily;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ServedListenersTests {

	private final List<ActivatedSocket> sockets = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (ActivatedSocket socket : this.sockets) {
			socket.channel().close();
		}
	}

	@Test
	void activatedSocketsServedByNoServerYetSayNone() throws Exception {
		ActivatedSocket socket = open("web", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(socket), "LISTEN_FDS=1"));
		assertThat(listeners.listeners()).singleElement().satisfies((listener) -> {
			assertThat(listener.server()).isEqualTo("none");
			assertThat(listener.connections()).isNull();
			assertThat(listener.details()).containsExactly(entry("source", "systemd"), entry("name", "web"),
					entry("fd", 3), entry("family", "INET"), entry("address", socket.displayAddress()),
					entry("server", "none"), entry("open", true));
		});
		assertThat(listeners.instrumented()).isEmpty();
	}

	@Test
	void recordedServerNamesTheSocketsItServesWithTheirCounts() throws Exception {
		ActivatedSocket web = open("web", 3);
		ActivatedSocket admin = open("admin", 4);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(web, admin), "LISTEN_FDS=2"));
		TestListenerConnections webConnections = new TestListenerConnections(web);
		webConnections.accepted.set(7);
		webConnections.open.set(2);
		TestListenerConnections adminConnections = new TestListenerConnections(admin, true);
		adminConnections.refused.set(4);
		listeners.record("main", web.port(), List.of(webConnections));
		listeners.record("management", admin.port(), List.of(adminConnections));
		assertThat(listeners.listeners()).extracting(ServedListener::server).containsExactly("main", "management");
		assertThat(listeners.listeners().get(0).details())
			.contains(entry("acceptedConnections", 7L), entry("openConnections", 2L))
			.doesNotContainKeys("proxyHeader", "refusedConnections");
		assertThat(listeners.listeners().get(1).details()).contains(entry("proxyHeader", "required"),
				entry("refusedConnections", 4L));
		assertThat(listeners.instrumented()).containsExactly(webConnections, adminConnections);
	}

	@Test
	void serverServingNoActivatedSocketIsABindListenerOnItsPort() throws Exception {
		ActivatedSocket web = open("web", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(web), "LISTEN_FDS=1"));
		listeners.record("main", web.port(), List.of(new TestListenerConnections(web)));
		listeners.record("management", 8081, List.of());
		assertThat(listeners.listeners()).hasSize(2).last().satisfies((listener) -> {
			assertThat(listener.socket()).isNull();
			assertThat(listener.source()).isEqualTo("bind");
			assertThat(listener.details()).containsExactly(entry("source", "bind"), entry("address", "*:8081"),
					entry("server", "management"), entry("open", true));
		});
	}

	@Test
	void notActivatedApplicationListsTheServerPort() {
		ServedListeners listeners = new ServedListeners(ActivatedSockets.none("LISTEN_PID is not set"));
		listeners.record("main", 8080, List.of());
		assertThat(listeners.listeners()).singleElement()
			.satisfies((listener) -> assertThat(listener.details()).contains(entry("source", "bind"),
					entry("address", "*:8080"), entry("server", "main")));
	}

	@Test
	void closedSocketIsNotOpen() throws Exception {
		ActivatedSocket socket = open("web", 3);
		ServedListeners listeners = new ServedListeners(ActivatedSockets.of(List.of(socket), "LISTEN_FDS=1"));
		socket.channel().close();
		assertThat(listeners.listeners()).singleElement().satisfies((listener) -> {
			assertThat(listener.isOpen()).isFalse();
			assertThat(listener.details()).contains(entry("open", false));
		});
	}

	private ActivatedSocket open(String name, int fd) throws Exception {
		ActivatedSocket socket = LoopbackSockets.open(SocketFamily.INET, name, fd);
		this.sockets.add(socket);
		return socket;
	}

}
