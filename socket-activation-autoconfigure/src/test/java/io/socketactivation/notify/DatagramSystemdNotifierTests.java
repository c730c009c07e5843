package io.socketactivation.notify;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.socketactivation.testsupport.NotifySocketServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

@ExtendWith(OutputCaptureExtension.class)
class DatagramSystemdNotifierTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Test
	void sendsOneDatagramOfNewlineSeparatedAssignmentsToASocketFile() throws Exception {
		try (NotifySocketServer server = NotifySocketServer.atPath()) {
			SystemdNotifiers.forSocket(server.notifySocket()).notify("READY=1", "STATUS=Serving");
			assertThat(server.next(TIMEOUT).text()).isEqualTo("READY=1\nSTATUS=Serving");
		}
	}

	@Test
	void sendsToAnAbstractSocket() throws Exception {
		try (NotifySocketServer server = NotifySocketServer.inAbstractNamespace()) {
			SystemdNotifiers.forSocket(server.notifySocket()).notify("STOPPING=1");
			assertThat(server.next(TIMEOUT).text()).isEqualTo("STOPPING=1");
		}
	}

	@Test
	void socketNobodyListensOnIsLoggedNotThrown(CapturedOutput output) throws Exception {
		String notifySocket;
		try (NotifySocketServer server = NotifySocketServer.atPath()) {
			notifySocket = server.notifySocket();
		}
		SystemdNotifier notifier = SystemdNotifiers.forSocket(notifySocket);
		assertThatNoException().isThrownBy(() -> notifier.notify("READY=1"));
		assertThat(output)
			.contains("Cannot notify the service manager on NOTIFY_SOCKET=" + notifySocket + " (READY=1)");
	}

}
