package io.socketactivation.notify;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NotifySocketAddressTests {

	@Test
	void absolutePathIsASocketFile() throws Exception {
		AFUNIXSocketAddress address = NotifySocketAddress.parse("/run/systemd/notify");
		assertThat(address.getFile()).isEqualTo(Path.of("/run/systemd/notify").toFile());
		assertThat(address.isInAbstractNamespace()).isFalse();
	}

	@Test
	void atSignNamesAnAbstractSocket() throws Exception {
		AFUNIXSocketAddress address = NotifySocketAddress.parse("@/org/freedesktop/systemd1/notify/42");
		assertThat(address.isInAbstractNamespace()).isTrue();
		assertThat(address).isEqualTo(AFUNIXSocketAddress.inAbstractNamespace("/org/freedesktop/systemd1/notify/42"));
	}

	@Test
	void vsockIsRefusedWithTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifySocketAddress.parse("vsock:2:1234"))
			.withMessage("NOTIFY_SOCKET='vsock:2:1234' is neither an absolute path nor an @abstract socket name "
					+ "(vsock: is not supported)");
	}

	@Test
	void relativePathAndLoneAtSignAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> NotifySocketAddress.parse("run/notify"))
			.withMessageStartingWith("NOTIFY_SOCKET='run/notify' is neither an absolute path nor an @abstract");
		assertThatIllegalArgumentException().isThrownBy(() -> NotifySocketAddress.parse("@"))
			.withMessageStartingWith("NOTIFY_SOCKET='@' is neither an absolute path nor an @abstract");
	}

}
