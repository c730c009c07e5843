package io.socketactivation.tomcat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link DuplicateAcceptGuard}.
 *
 * @author socket-activation contributors
 */
class DuplicateAcceptGuardTests {

	private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

	private final DuplicateAcceptGuard guard = new DuplicateAcceptGuard();

	@Test
	void theSameRemoteAddressWithinAMicrosecondIsRefused() throws IOException {
		this.guard.check(CLIENT, 1_000_000);
		assertThatIOException().isThrownBy(() -> this.guard.check(CLIENT, 1_000_999))
			.withMessageContaining("Duplicate accept detected from " + CLIENT)
			.withMessageContaining("69155");
	}

	@Test
	void theSameRemoteAddressAMicrosecondLaterIsAccepted() throws IOException {
		this.guard.check(CLIENT, 1_000_000);
		assertThatCode(() -> this.guard.check(CLIENT, 1_001_000)).doesNotThrowAnyException();
	}

	@Test
	void anotherRemoteAddressAtOnceIsAccepted() throws IOException {
		this.guard.check(CLIENT, 1_000_000);
		assertThatCode(() -> this.guard.check(new InetSocketAddress("127.0.0.1", 40001), 1_000_001))
			.doesNotThrowAnyException();
	}

	@Test
	void unixSocketsAreNotChecked() throws IOException {
		UnixDomainSocketAddress unnamed = UnixDomainSocketAddress.of("");
		this.guard.check(unnamed, 1_000_000);
		assertThatCode(() -> this.guard.check(unnamed, 1_000_001)).doesNotThrowAnyException();
	}

}
