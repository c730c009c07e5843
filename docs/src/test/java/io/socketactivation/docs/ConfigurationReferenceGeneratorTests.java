package io.socketactivation.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ConfigurationReferenceGenerator}.
 *
 * @author socket-activation contributors
 */
class ConfigurationReferenceGeneratorTests {

	@TempDir
	Path directory;

	@Test
	void writesTheReferenceOfEveryModuleGiven() throws IOException {
		ConfigurationMetadataFile starter = MetadataJson.write(this.directory, "starter", MetadataJson.STARTER);
		ConfigurationMetadataFile proxy = MetadataJson.write(this.directory, "proxy", MetadataJson.PROXY);
		Path output = this.directory.resolve("target/configuration-reference.md");
		int written = ConfigurationReferenceGenerator
			.generate(List.of(output.toString(), "starter=" + starter.path(), "proxy=" + proxy.path()));
		assertThat(written).isEqualTo(9);
		assertThat(Files.readString(output)).startsWith("# Configuration reference\n")
			.containsSubsequence("## starter", "`socket-activation.enabled`", "## proxy", "`proxy.socket-name`");
	}

	@Test
	void writesNothingWhenAPropertyHasNoDescription() {
		ConfigurationMetadataFile proxy = MetadataJson.write(this.directory, "proxy", MetadataJson.UNDESCRIBED);
		Path output = this.directory.resolve("configuration-reference.md");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> ConfigurationReferenceGenerator.generate(List.of(output.toString(), "proxy=" + proxy.path())))
			.withMessageContaining("proxy.exit-idle-time (proxy)");
		assertThat(output).doesNotExist();
	}

	@Test
	void refusesArgumentsWithoutAMetadataFile() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConfigurationReferenceGenerator.generate(List.of("reference.md")))
			.withMessage(ConfigurationReferenceGenerator.USAGE);
	}

	@Test
	void refusesAMetadataArgumentWithoutAModuleName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConfigurationReferenceGenerator.generate(List.of("reference.md", "metadata.json")))
			.withMessage("'metadata.json' is not module=path/to/spring-configuration-metadata.json");
	}

}
