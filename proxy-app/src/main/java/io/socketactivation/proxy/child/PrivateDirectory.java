package io.socketactivation.proxy.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh directory only this user may enter (0700), holding the sockets proxy-app
 * generates; removed with everything in it when the proxy stops. Its name is short so
 * that socket paths in it fit macOS's 104-byte limit.
 *
 * @author socket-activation contributors
 */
public final class PrivateDirectory implements AutoCloseable {

	private final Path path;

	private PrivateDirectory(Path path) {
		this.path = path;
	}

	/**
	 * Create a private directory.
	 * @param parent the directory to create it in
	 * @return the directory
	 * @throws IOException if it cannot be created
	 */
	public static PrivateDirectory create(Path parent) throws IOException {
		Path path = Files.createTempDirectory(parent, "proxy-app.",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		return new PrivateDirectory(path);
	}

	/**
	 * Return the directory.
	 * @return the path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Return a path in the directory.
	 * @param name the file name
	 * @return the path
	 */
	public Path resolve(String name) {
		return this.path.resolve(name);
	}

	/**
	 * Remove the directory and what is in it.
	 */
	@Override
	public void close() {
		if (!Files.exists(this.path)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.path)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			// best effort at exit; the directory lies in a temporary location
		}
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
