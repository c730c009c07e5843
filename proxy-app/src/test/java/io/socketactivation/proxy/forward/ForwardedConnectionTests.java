package io.socketactivation.proxy.forward;

import java.io.IOException;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ForwardedConnectionTests {

	@Test
	void aNativeTransportsResetIsToldByItsErrno() {
		assumeTrue(Epoll.isAvailable(), "Netty's native library (epoll) is not available here");
		assertThat(ForwardedConnection
			.isReset(Errors.newConnectionResetException("read", Errors.ERRNO_ECONNRESET_NEGATIVE))).isTrue();
		assertThat(ForwardedConnection.isReset(new Errors.NativeIoException("write", Errors.ERRNO_EPIPE_NEGATIVE)))
			.isFalse();
		// ENETRESET (102 on Linux): its message says "reset", its errno does not
		Errors.NativeIoException networkReset = new Errors.NativeIoException("read", -102);
		assertThat(networkReset).hasMessageContaining("reset");
		assertThat(ForwardedConnection.isReset(networkReset)).isFalse();
	}

	@Test
	void aNioResetIsToldByTheJdksMessage() {
		assertThat(ForwardedConnection.isReset(new IOException("Connection reset by peer"))).isTrue();
		assertThat(ForwardedConnection.isReset(new IOException("Broken pipe"))).isFalse();
		assertThat(ForwardedConnection.isReset(new IllegalStateException("reset"))).isFalse();
	}

}
