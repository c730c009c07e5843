package io.socketactivation.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.proxy.support.Client;
import io.socketactivation.proxy.support.ProxyRun;
import io.socketactivation.proxy.support.TestBackend;
import io.socketactivation.testsupport.ChildProcess;
import io.socketactivation.testsupport.ChildProcesses;
import io.socketactivation.testsupport.Commands;
import io.socketactivation.testsupport.LaunchdStandIn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * proxy-app as launchd starts it, in launch_socket_server's place: the real JNA binding
 * loads the starter's stand-in for libSystem's {@code launch_activate_socket} (built with
 * gcc at test time), which answers with listening sockets it opens on loopback.
 *
 * @author socket-activation contributors
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "on a Mac the JVM would load the real libSystem")
class ProxyLaunchdIntegrationTests {

	@RegisterExtension
	final ChildProcesses processes = new ChildProcesses();

	@TempDir
	Path directory;

	private @Nullable TestBackend backend;

	private Path socket;

	@BeforeEach
	void start() throws Exception {
		LaunchdStandIn.build();
		this.socket = this.directory.resolve("backend.sock");
		this.backend = TestBackend.start(UnixDomainSocketAddress.of(this.socket), "echo", 0);
	}

	@AfterEach
	void stop() throws Exception {
		try {
			this.processes.close();
		}
		finally {
			// null when the stand-in could not be built (the test is skipped)
			if (this.backend != null) {
				this.backend.close();
			}
		}
	}

	private ChildProcess launch(String standIn, Map<String, String> environment) throws Exception {
		Map<String, String> env = new HashMap<>(environment);
		env.put(LaunchdStandIn.SPEC_VARIABLE, standIn);
		env.put("LAUNCH_PROGRAM_SOCKET_PATH", this.socket.toString());
		env.put("JAVA_TOOL_OPTIONS", LaunchdStandIn.jvmOption());
		ChildProcess proxy = ChildProcess.start(ProxyRun.proxy(List.of("-")), env);
		this.processes.add(proxy);
		return proxy;
	}

	@Test
	void forwardsTheSocketNamedSocketByDefault() throws Exception {
		int port = Commands.freePort();
		ChildProcess proxy = launch("Socket=127.0.0.1:" + port, Map.of());
		proxy.awaitOutput("Forwarding launchd socket 'Socket'", ProxyRun.TIMEOUT);
		assertThat(Client.exchange(port, "through launchd's socket", ProxyRun.TIMEOUT))
			.isEqualTo("through launchd's socket");
		assertThat(proxy.output()).containsOnlyOnce("launch_activate_socket(\"Socket\") = 0")
			.containsPattern("Forwarding launchd socket 'Socket' \\(fd \\d+\\) on 127\\.0\\.0\\.1:" + port + " to "
					+ this.socket);
	}

	@Test
	void forwardsOnlyTheSocketLaunchDaemonSocketNameNames() throws Exception {
		int web = Commands.freePort();
		int other = Commands.freePort();
		ChildProcess proxy = launch("web=127.0.0.1:" + web + ";Socket=127.0.0.1:" + other,
				Map.of("LAUNCH_DAEMON_SOCKET_NAME", "web"));
		proxy.awaitOutput("Forwarding launchd socket 'web'", ProxyRun.TIMEOUT);
		assertThat(Client.exchange(web, "web", ProxyRun.TIMEOUT)).isEqualTo("web");
		// launchd was never asked for the other name, so nothing listens on its port
		assertThat(proxy.output()).contains("launch_activate_socket(\"web\") = 0")
			.doesNotContain("launch_activate_socket(\"Socket\")");
		assertRefused(other);
	}

	@Test
	void aNameNotInThePlistIsAOneLineErrorAndExitTwo() throws Exception {
		int port = Commands.freePort();
		ChildProcess proxy = launch("Socket=127.0.0.1:" + port, Map.of("LAUNCH_DAEMON_SOCKET_NAME", "web"));
		assertThat(proxy.awaitExit(ProxyRun.TIMEOUT)).isEqualTo(2);
		assertThat(proxy.output()).contains("launch_activate_socket(\"web\") = ")
			.contains("proxy-app: proxy-app was not handed any socket")
			.doesNotContain("Forwarding")
			.doesNotContain("\tat ");
		assertRefused(port);
	}

	private static void assertRefused(int port) throws IOException {
		try (SocketChannel channel = SocketChannel.open()) {
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> channel.connect(new InetSocketAddress("127.0.0.1", port)));
		}
	}

}
