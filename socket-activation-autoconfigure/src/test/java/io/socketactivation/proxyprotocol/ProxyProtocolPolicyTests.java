package io.socketactivation.proxyprotocol;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

class ProxyProtocolPolicyTests {

	private static final ActivatedSocket PROGRAM = socket(SocketSource.LAUNCH_PROGRAM_SOCKET_PATH, "program");

	private static final ActivatedSocket WEB = socket(SocketSource.SYSTEMD, "web");

	private static final ActivatedSocket PROXIED = socket(SocketSource.SYSTEMD, "proxied");

	@Test
	void noSocketRequiresTheHeaderByDefault() {
		assertThat(ProxyProtocolPolicy.none().requiresHeader(PROGRAM)).isFalse();
		assertThat(ProxyProtocolPolicy.of(false, List.of())).isSameAs(ProxyProtocolPolicy.none());
	}

	@Test
	void programSocketRequiresTheHeaderWhenEnabledAndNoActivatedSocketDoes() {
		ProxyProtocolPolicy policy = ProxyProtocolPolicy.of(true, List.of());
		assertThat(policy.requiresHeader(PROGRAM)).isTrue();
		assertThat(policy.requiresHeader(WEB)).isFalse();
		assertThat(policy.requiresHeader(PROXIED)).isFalse();
	}

	@Test
	void activatedSocketsRequireTheHeaderOnlyByName() {
		ProxyProtocolPolicy policy = ProxyProtocolPolicy.of(false, List.of("proxied"));
		assertThat(policy.requiresHeader(PROXIED)).isTrue();
		assertThat(policy.requiresHeader(WEB)).isFalse();
		assertThat(policy.requiresHeader(PROGRAM)).isFalse();
	}

	@Test
	void headerTimeoutIsFiveSecondsUnlessGiven() {
		assertThat(ProxyProtocolPolicy.none().headerTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(ProxyProtocolPolicy.of(true, List.of()).headerTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(ProxyProtocolPolicy.of(true, List.of(), Duration.ofMillis(300)).headerTimeout())
			.isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void headerTimeoutMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ProxyProtocolPolicy.of(true, List.of(), Duration.ofSeconds(-1)))
			.withMessageContaining("must be positive, not PT-1S");
	}

	private static ActivatedSocket socket(SocketSource source, String name) {
		return (source == SocketSource.LAUNCH_PROGRAM_SOCKET_PATH)
				? new ActivatedSocket(source, name, -1, SocketFamily.UNIX, UnixDomainSocketAddress.of("/run/app.sock"),
						mock(ServerSocketChannel.class))
				: new ActivatedSocket(source, name, 3, SocketFamily.INET, new InetSocketAddress("127.0.0.1", 8080),
						mock(ServerSocketChannel.class));
	}

}
