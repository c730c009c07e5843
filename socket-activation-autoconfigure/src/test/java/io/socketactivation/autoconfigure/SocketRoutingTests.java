package io.socketactivation.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivatedSockets;
import io.socketactivation.InheritedFd;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;
import io.socketactivation.testsupport.LoopbackSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SocketRoutingTests {

	private final List<ActivatedSocket> opened = new ArrayList<>();

	private final SocketActivationProperties properties = new SocketActivationProperties();

	private final MockEnvironment environment = new MockEnvironment();

	@AfterEach
	void close() throws IOException {
		for (ActivatedSocket socket : this.opened) {
			socket.channel().close();
		}
	}

	@Test
	void everySocketGoesToTheMainServerByDefault() throws IOException {
		ActivatedSockets sockets = sockets("web", "unknown", "other");
		SocketRouting routing = SocketRouting.of(sockets, this.properties, this.environment);
		assertThat(routing.main().asList()).isEqualTo(sockets.asList());
		assertThat(routing.management().isEmpty()).isTrue();
	}

	@Test
	void managementSocketGoesToTheManagementServerOnAPortOfItsOwn() throws IOException {
		this.environment.setProperty("management.server.port", "9001");
		ActivatedSockets sockets = sockets("web", "management");
		SocketRouting routing = SocketRouting.of(sockets, this.properties, this.environment);
		assertThat(routing.main().asList()).extracting(ActivatedSocket::name).containsExactly("web");
		assertThat(routing.management().asList()).extracting(ActivatedSocket::name).containsExactly("management");
	}

	@Test
	void managementPortZeroIsAServerOfItsOwnEvenWithServerPortZero() throws IOException {
		this.environment.setProperty("server.port", "0");
		this.environment.setProperty("management.server.port", "0");
		SocketRouting routing = SocketRouting.of(sockets("web", "management"), this.properties, this.environment);
		assertThat(routing.management().asList()).extracting(ActivatedSocket::name).containsExactly("management");
	}

	@Test
	void managementSocketWithoutASeparateManagementServerIsAnError() throws IOException {
		this.environment.setProperty("management.server.port", "8080");
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> SocketRouting.of(sockets("web", "management"), this.properties, this.environment))
			.withMessageContaining("The socket named 'management'")
			.withMessageContaining("Set management.server.port to a value other than server.port");
	}

	@Test
	void managementNameIsConfigurable() throws IOException {
		this.environment.setProperty("management.server.port", "9001");
		this.properties.setManagementName("admin.socket");
		SocketRouting routing = SocketRouting.of(sockets("web", "management", "admin.socket"), this.properties,
				this.environment);
		assertThat(routing.main().asList()).extracting(ActivatedSocket::name).containsExactly("web", "management");
		assertThat(routing.management().asList()).extracting(ActivatedSocket::name).containsExactly("admin.socket");
	}

	@Test
	void namesSelectTheMainServersSockets() throws IOException {
		this.properties.setNames(List.of("web.socket"));
		SocketRouting routing = SocketRouting.of(sockets("web.socket", "other", "web.socket"), this.properties,
				this.environment);
		assertThat(routing.main().asList()).extracting(ActivatedSocket::fd).containsExactly(3, 5);
	}

	@Test
	void namesMatchingNothingBindServerPortWhenNotRequired() throws IOException {
		this.properties.setNames(List.of("web"));
		SocketRouting routing = SocketRouting.of(sockets("other"), this.properties, this.environment);
		assertThat(routing.main().isEmpty()).isTrue();
	}

	@Test
	void namesMatchingNothingIsAnErrorWhenRequired() throws IOException {
		this.properties.setNames(List.of("web"));
		this.properties.setRequired(true);
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> SocketRouting.of(sockets("other"), this.properties, this.environment))
			.withMessageStartingWith("socket-activation.names=[web] matches none of the activated sockets");
	}

	@Test
	void namesMatchingOnlyFdsLeftAloneIsAnErrorNamingThemWhenRequired() {
		this.properties.setNames(List.of("web"));
		this.properties.setRequired(true);
		ActivatedSockets nothingSelected = ActivatedSockets.of(List.of(), "LISTEN_FDS=1",
				List.of(new InheritedFd(SocketSource.SYSTEMD, 3, "app.socket")));
		assertThatExceptionOfType(SocketActivationException.class)
			.isThrownBy(() -> SocketRouting.of(nothingSelected, this.properties, this.environment))
			.withMessageStartingWith("socket-activation.names=[web] matches none of the activated sockets "
					+ "[fd 3 ('app.socket') from systemd]. Action: Name the sockets with FileDescriptorName=");
	}

	@Test
	void fdsLeftAloneDoNotStopTheSelectedSocketsFromBeingServed() throws IOException {
		this.properties.setNames(List.of("web"));
		ActivatedSocket web = LoopbackSockets.open(SocketFamily.INET, "web", 4);
		this.opened.add(web);
		ActivatedSockets sockets = ActivatedSockets.of(List.of(web), "LISTEN_FDS=2",
				List.of(new InheritedFd(SocketSource.SYSTEMD, 3, "stats")));
		SocketRouting routing = SocketRouting.of(sockets, this.properties, this.environment);
		assertThat(routing.main().asList()).containsExactly(web);
		assertThat(routing.management().isEmpty()).isTrue();
	}

	private ActivatedSockets sockets(String... names) throws IOException {
		List<ActivatedSocket> sockets = new ArrayList<>();
		for (String name : names) {
			ActivatedSocket socket = LoopbackSockets.open(SocketFamily.INET, name, 3 + sockets.size());
			this.opened.add(socket);
			sockets.add(socket);
		}
		return ActivatedSockets.of(sockets, "LISTEN_FDS=" + names.length);
	}

}
