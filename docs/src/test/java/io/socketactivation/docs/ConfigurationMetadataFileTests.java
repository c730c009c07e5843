package io.socketactivation.docs;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ConfigurationMetadataFile}.
 *
 * @author socket-activation contributors
 */
class ConfigurationMetadataFileTests {

	@Test
	void parsesModuleAndPath() {
		assertThat(ConfigurationMetadataFile.parse("proxy-app=/x/target/classes/META-INF/a=b.json"))
			.isEqualTo(new ConfigurationMetadataFile("proxy-app", Path.of("/x/target/classes/META-INF/a=b.json")));
	}

	@Test
	void refusesAnArgumentWithoutModuleOrPath() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConfigurationMetadataFile.parse("=/x.json"))
			.withMessage("'=/x.json' is not module=path/to/spring-configuration-metadata.json");
		assertThatIllegalArgumentException().isThrownBy(() -> ConfigurationMetadataFile.parse("proxy-app="))
			.withMessage("'proxy-app=' is not module=path/to/spring-configuration-metadata.json");
	}

}
