package io.socketactivation.proxy.child;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.socketactivation.testsupport.CompletedCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests for {@link LoginShell}.
 *
 * @author socket-activation contributors
 */
class LoginShellTests {

	@Test
	void shellIsReadFromAPasswdEntry() {
		assertThat(LoginShell.fromPasswdEntry("alice:x:501:20:Alice:/home/alice:/usr/bin/zsh\n"))
			.isEqualTo("/usr/bin/zsh");
		assertThat(LoginShell.fromPasswdEntry("alice:x:501:20:Alice:/home/alice:")).isNull();
		assertThat(LoginShell.fromPasswdEntry("not an entry")).isNull();
		assertThat(LoginShell.fromPasswdEntry(null)).isNull();
	}

	@Test
	void shellIsReadFromDirectoryServices() {
		assertThat(LoginShell.fromDirectoryServices("UserShell: /bin/zsh\n")).isEqualTo("/bin/zsh");
		assertThat(LoginShell.fromDirectoryServices("No such key: UserShell\n")).isNull();
		assertThat(LoginShell.fromDirectoryServices(null)).isNull();
	}

	@Test
	void theAccountsShellWinsOverShellInTheEnvironment() throws Exception {
		CompletedCommand getent = CompletedCommand.run("getent", "passwd", System.getProperty("user.name"));
		assumeTrue(getent.exitStatus() == 0, "getent passwd has no entry for this user");
		String accountShell = LoginShell.fromPasswdEntry(getent.output());
		assumeTrue(accountShell != null, "the account has no shell");
		assertThat(LoginShell.find(Map.of("SHELL", "/nonexistent/shell"))).isEqualTo(accountShell);
	}

	@Test
	void withoutAnAccountShellShellThenBinShAreUsed() {
		assertThat(LoginShell.orEnvironment(null, Map.of("SHELL", "/bin/ksh"))).isEqualTo("/bin/ksh");
		assertThat(LoginShell.orEnvironment(null, Map.of("SHELL", ""))).isEqualTo("/bin/sh");
		assertThat(LoginShell.orEnvironment(null, Map.of())).isEqualTo("/bin/sh");
		assertThat(LoginShell.orEnvironment("/bin/zsh", Map.of("SHELL", "/bin/ksh"))).isEqualTo("/bin/zsh");
	}

}
