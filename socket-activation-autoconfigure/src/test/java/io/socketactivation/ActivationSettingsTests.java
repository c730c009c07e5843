package io.socketactivation;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ActivationSettingsTests {

	@Test
	void defaultLaunchdNamesAreLaunchSocketServersThenHomebrews() {
		assertThat(ActivationSettings.defaults().launchdNames()).containsExactly("Socket", "listeners");
	}

	@Test
	void launchdNamesAreCopied() {
		List<String> names = new ArrayList<>(List.of("web"));
		ActivationSettings settings = ActivationSettings.defaults().withLaunchdNames(names);
		names.add("admin");
		assertThat(settings.launchdNames()).containsExactly("web");
		assertThat(ActivationSettings.defaults().launchdNames()).containsExactly("Socket", "listeners");
	}

	@Test
	void repeatedLaunchdNameIsAskedForOnce() {
		assertThat(ActivationSettings.defaults().withLaunchdNames(List.of("web", "Socket", "web")).launchdNames())
			.containsExactly("web", "Socket");
	}

	@Test
	void noLaunchdNameIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ActivationSettings.defaults().withLaunchdNames(List.of()))
			.withMessageContaining("at least one non-blank key of the plist's Sockets");
	}

	@Test
	void blankLaunchdNameIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ActivationSettings.defaults().withLaunchdNames(List.of("web", " ")))
			.withMessageContaining("[web,  ]");
	}

	@Test
	void everyFdIsSelectedByDefault() {
		assertThat(ActivationSettings.defaults().socketNames()).isEmpty();
		assertThat(ActivationSettings.defaults().selects("anything")).isTrue();
	}

	@Test
	void socketNamesSelectOnlyThoseNames() {
		ActivationSettings settings = ActivationSettings.defaults()
			.withSocketNames(List.of("web", "management", "web"));
		assertThat(settings.socketNames()).containsExactly("web", "management");
		assertThat(settings.selects("web")).isTrue();
		assertThat(settings.selects("stored")).isFalse();
		assertThat(settings.withLaunchdNames(List.of("api")).socketNames()).containsExactly("web", "management");
	}

}
