package io.socketactivation.env;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.socketactivation.ActivatedSocket;
import io.socketactivation.ActivationEnvironment;
import io.socketactivation.SocketActivationException;
import io.socketactivation.SocketFamily;
import io.socketactivation.SocketSource;
import io.socketactivation.testsupport.CompletedCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProgramSocketPathTests {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	@TempDir
	Path directory;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.opened) {
			closeable.close();
		}
	}

	@Test
	void unsetVariableBindsNothing() {
		assertThat(ProgramSocketPath.bind(environment(Map.of()), OWNER_ONLY, 10)).isNull();
	}

	@Test
	void emptyVariableIsAnError() {
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(() -> bind(""))
			.withMessageStartingWith("LAUNCH_PROGRAM_SOCKET_PATH is set but empty.");
	}

	@Test
	void abstractSocketNameIsRefusedAndNoFileIsBound() throws Exception {
		Path workingDirectoryFile = Path.of("@backend").toAbsolutePath();
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(() -> bind("@backend"))
			.withMessageStartingWith("LAUNCH_PROGRAM_SOCKET_PATH=@backend names a Linux abstract socket")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("./@backend"));
		assertThat(workingDirectoryFile).doesNotExist();
	}

	@Test
	void bindsAListeningOwnerOnlySocketInNewPrivateDirectories() throws Exception {
		Path path = this.directory.resolve("run/app/app.sock");
		ActivatedSocket socket = bind(path.toString());
		assertThat(socket.source()).isEqualTo(SocketSource.LAUNCH_PROGRAM_SOCKET_PATH);
		assertThat(socket.family()).isEqualTo(SocketFamily.UNIX);
		assertThat(socket.address()).isEqualTo(UnixDomainSocketAddress.of(path));
		assertThat(socket.describe()).isEqualTo("LAUNCH_PROGRAM_SOCKET_PATH socket 'program' on " + path);
		assertThat(Files.getPosixFilePermissions(path)).isEqualTo(OWNER_ONLY);
		assertThat(Files.getPosixFilePermissions(path.getParent()))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(Files.getPosixFilePermissions(path.getParent().getParent()))
			.isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertConnects(socket);
	}

	@Test
	void configuredPermissionsAreApplied() throws Exception {
		Path path = this.directory.resolve("app.sock");
		Set<PosixFilePermission> group = PosixFilePermissions.fromString("rw-rw----");
		ActivatedSocket socket = track(
				ProgramSocketPath.bind(environment(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", path.toString())), group, 10));
		assertThat(Files.getPosixFilePermissions(path)).isEqualTo(group);
		assertThat(socket.channel().isOpen()).isTrue();
	}

	@Test
	void staleSocketIsReplaced() throws Exception {
		Path path = this.directory.resolve("app.sock");
		ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		earlier.bind(UnixDomainSocketAddress.of(path));
		earlier.close();
		assertThat(path).exists();
		assertConnects(bind(path.toString()));
	}

	@Test
	void liveSocketIsRefused() throws Exception {
		Path path = this.directory.resolve("app.sock");
		ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.opened.add(other);
		other.bind(UnixDomainSocketAddress.of(path));
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(() -> bind(path.toString()))
			.withMessage("LAUNCH_PROGRAM_SOCKET_PATH=" + path + " is a socket another process is listening on. "
					+ "Action: Stop the other process (another instance of this application?) or use another path.");
		assertThat(other.isOpen()).isTrue();
	}

	@Test
	void regularFileIsRefusedAndKept() throws Exception {
		Path path = Files.writeString(this.directory.resolve("app.sock"), "data");
		assertRefused(path, "a regular file");
		assertThat(path).hasContent("data");
	}

	@Test
	void fifoIsRefusedAndKept() throws Exception {
		Path path = this.directory.resolve("app.sock");
		assumeTrue(CompletedCommand.run("mkfifo", path.toString()).exitStatus() == 0, "mkfifo is not available");
		assertRefused(path, "a FIFO or a device");
		assertThat(Files.exists(path, LinkOption.NOFOLLOW_LINKS)).isTrue();
	}

	@Test
	void directoryIsRefused() throws Exception {
		assertRefused(Files.createDirectory(this.directory.resolve("app.sock")), "a directory");
	}

	@Test
	void symbolicLinkIsRefusedEvenToASocket() throws Exception {
		Path target = this.directory.resolve("real.sock");
		ServerSocketChannel earlier = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		earlier.bind(UnixDomainSocketAddress.of(target));
		earlier.close();
		Path link = Files.createSymbolicLink(this.directory.resolve("app.sock"), target);
		assertRefused(link, "a symbolic link");
		assertThat(target).exists();
	}

	@Test
	void pathTooLongForSunPathIsRefused() {
		Path path = this.directory.resolve("x".repeat(120) + ".sock");
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(() -> bind(path.toString()))
			.withMessageContaining("a Unix socket path holds at most");
	}

	@Test
	void removeDeletesAPathThisProcessBound() throws Exception {
		Path path = this.directory.resolve("app.sock");
		ActivatedSocket socket = bind(path.toString());
		socket.channel().close();
		ProgramSocketPath.remove(socket);
		assertThat(path).doesNotExist();
	}

	@Test
	void removeNeverDeletesAPathTheServiceManagerCreated() throws Exception {
		Path path = this.directory.resolve("systemd.sock");
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.opened.add(channel);
		channel.bind(UnixDomainSocketAddress.of(path));
		ProgramSocketPath.remove(new ActivatedSocket(SocketSource.SYSTEMD, "web", 3, SocketFamily.UNIX,
				UnixDomainSocketAddress.of(path), channel));
		assertThat(path).exists();
	}

	private void assertRefused(Path path, String kind) {
		assertThatExceptionOfType(SocketActivationException.class).isThrownBy(() -> bind(path.toString()))
			.withMessageStartingWith("LAUNCH_PROGRAM_SOCKET_PATH=" + path + " is " + kind + ", not a socket.");
	}

	private void assertConnects(ActivatedSocket socket) throws IOException {
		try (SocketChannel client = SocketChannel.open(socket.address());
				SocketChannel accepted = socket.channel().accept()) {
			assertThat(accepted).isNotNull();
			client.write(ByteBuffer.wrap(new byte[] { 42 }));
			ByteBuffer received = ByteBuffer.allocate(1);
			assertThat(accepted.read(received)).isOne();
			assertThat(received.get(0)).isEqualTo((byte) 42);
		}
	}

	private ActivatedSocket bind(String path) {
		return track(ProgramSocketPath.bind(environment(Map.of("LAUNCH_PROGRAM_SOCKET_PATH", path)), OWNER_ONLY, 10));
	}

	private ActivatedSocket track(ActivatedSocket socket) {
		assertThat(socket).isNotNull();
		this.opened.add(socket.channel());
		return socket;
	}

	private static ActivationEnvironment environment(Map<String, String> variables) {
		return ActivationEnvironment.of(variables, 1, OptionalLong.empty());
	}

}
