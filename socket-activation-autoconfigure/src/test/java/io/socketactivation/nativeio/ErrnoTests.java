package io.socketactivation.nativeio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoTests {

	@Test
	void ealreadyDiffersBetweenLinuxAndMacos() {
		assertThat(Errno.ealready(Platform.LINUX)).isEqualTo(114);
		assertThat(Errno.ealready(Platform.MACOS)).isEqualTo(37);
	}

	@Test
	void sharedNumbersHaveOneName() {
		assertThat(Errno.describe(Platform.LINUX, 3)).startsWith("ESRCH (");
		assertThat(Errno.describe(Platform.MACOS, 2)).startsWith("ENOENT (");
		assertThat(Errno.describe(Platform.MACOS, 1)).startsWith("EPERM (");
	}

	@Test
	void laterNumbersAreNamedPerPlatform() {
		assertThat(Errno.describe(Platform.LINUX, 114)).startsWith("EALREADY (");
		assertThat(Errno.describe(Platform.MACOS, 37)).startsWith("EALREADY (");
		assertThat(Errno.describe(Platform.LINUX, 11)).startsWith("EAGAIN (");
		assertThat(Errno.describe(Platform.MACOS, 35)).startsWith("EAGAIN (");
	}

	@Test
	void nameIsFollowedByTheCLibrarysMessage() {
		assertThat(Errno.describe(Platform.current(), 1)).isEqualTo("EPERM (Operation not permitted)");
	}

	@Test
	void numberWithoutAKnownNameIsShownAsANumber() {
		assertThat(Errno.describe(Platform.LINUX, 200)).startsWith("errno 200 (").endsWith(")");
	}

}
