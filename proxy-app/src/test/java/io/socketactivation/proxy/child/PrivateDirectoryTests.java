package io.socketactivation.proxy.child;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateDirectoryTests {

	@TempDir
	Path parent;

	@Test
	void createdWithMode0700AndRemovedWithItsContents() throws Exception {
		PrivateDirectory directory = PrivateDirectory.create(this.parent);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.path())))
			.isEqualTo("rwx------");
		Files.writeString(directory.resolve("backend.sock"), "x");
		directory.close();
		assertThat(directory.path()).doesNotExist();
	}

	@Test
	void defaultParentGivesSocketPathsWellUnderTheMacOsLimit() throws Exception {
		try (PrivateDirectory directory = PrivateDirectory.create(Path.of("/tmp"))) {
			assertThat(directory.resolve("backend.sock").toString().length()).isLessThan(60);
		}
	}

}
