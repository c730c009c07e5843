package io.socketactivation.docs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ConfigurationReference}.
 *
 * @author socket-activation contributors
 */
class ConfigurationReferenceTests {

	private static final String HEADER = "| Property | Type | Default | Description |\n| --- | --- | --- | --- |\n";

	@TempDir
	Path directory;

	@Test
	void writesOneTablePerPropertiesClassWithNestedClassesInIt() {
		String markdown = load(MetadataJson.STARTER).toMarkdown();
		assertThat(markdown).contains("\n### `socket-activation`\n\n" + HEADER
				+ "| `socket-activation.enabled` | `Boolean` | `true` | Whether to serve sockets handed over by the "
				+ "service manager. |\n"
				+ "| `socket-activation.launchd.names` | `List<String>` | `Socket, listeners` | Keys of the plist's "
				+ "Sockets dictionary to ask launchd for. |\n"
				+ "| `socket-activation.required` | `Boolean` | `false` | Whether start-up must fail when the process "
				+ "was not socket-activated. |\n");
		assertThat(markdown).contains("\n### `socket-activation.notify`\n\n" + HEADER
				+ "| `socket-activation.notify.extend-timeout` | `Duration` |  | How long start-up may take, sent as "
				+ "`EXTEND_TIMEOUT_USEC`. |\n");
	}

	@Test
	void groupsAPropertyDeclaredWithoutAClassByItsParentPrefix() {
		assertThat(load(MetadataJson.STARTER).toMarkdown()).contains("\n### `management.health.socketactivation`\n\n"
				+ HEADER + "| `management.health.socketactivation.enabled` | `Boolean` | `true` | Whether to enable "
				+ "the socket activation health check. |\n");
	}

	@Test
	void listsModulesInTheOrderGivenAndGroupsInAlphabeticalOrder() {
		String markdown = load(MetadataJson.PROXY, MetadataJson.STARTER).toMarkdown();
		assertThat(markdown).startsWith("# Configuration reference\n\n");
		assertThat(markdown).containsSubsequence("## module-0", "### `proxy`", "## module-1",
				"### `management.health.socketactivation`", "### `socket-activation`",
				"### `socket-activation.notify`");
	}

	@Test
	void writesSimpleTypeNamesInlineCodeEscapedPipesAndDeprecations() {
		String markdown = load(MetadataJson.PROXY).toMarkdown();
		assertThat(markdown).contains("| `proxy.backend.proxy-protocol` | `ProxyProtocol` | `off` | PROXY protocol "
				+ "header sent to the backend: off \\| v1 \\| v2. |\n");
		assertThat(markdown).contains("| `proxy.backend.socket-path` | `String` |  | Unix socket path (`/path`) or "
				+ "`java.lang.String abstract` name. |\n");
		assertThat(markdown).contains(
				"| `proxy.old-name` | `String` |  | Old name. Deprecated: use " + "`proxy.socket-name` instead. |\n");
	}

	@Test
	void countsEveryProperty() {
		assertThat(load(MetadataJson.STARTER, MetadataJson.PROXY).size()).isEqualTo(9);
	}

	@Test
	void namesEveryPropertyWithoutADescription() {
		ConfigurationReference reference = load(MetadataJson.STARTER, MetadataJson.UNDESCRIBED);
		assertThat(reference.undescribed()).containsExactly("proxy.child.stop-timeout (module-1)",
				"proxy.exit-idle-time (module-1)");
		assertThatIllegalStateException().isThrownBy(reference::requireDescriptions)
			.withMessageStartingWith("2 configuration properties have no description: "
					+ "proxy.child.stop-timeout (module-1), proxy.exit-idle-time (module-1). Write a one-sentence "
					+ "javadoc on the field");
	}

	@Test
	void acceptsPropertiesThatAllHaveADescription() {
		ConfigurationReference reference = load(MetadataJson.STARTER, MetadataJson.PROXY);
		assertThat(reference.undescribed()).isEmpty();
		reference.requireDescriptions();
	}

	@Test
	void refusesMetadataWithoutProperties() {
		ConfigurationMetadataFile empty = MetadataJson.write(this.directory, "proxy-app", MetadataJson.EMPTY);
		assertThatIllegalStateException().isThrownBy(() -> ConfigurationReference.load(List.of(empty)))
			.withMessage("The configuration metadata of proxy-app (" + empty.path() + ") lists no property: is "
					+ "spring-boot-configuration-processor on the module's annotation processor path?");
	}

	@Test
	void refusesAMissingMetadataFileSayingHowToBuildIt() {
		Path missing = this.directory.resolve("proxy-app/target/classes/META-INF/spring-configuration-metadata.json");
		assertThatIllegalStateException()
			.isThrownBy(() -> ConfigurationReference.load(List.of(new ConfigurationMetadataFile("proxy-app", missing))))
			.withMessage("The configuration metadata of proxy-app (" + missing + ") does not exist: build the module "
					+ "first, for example with ./mvnw -B -pl docs -am -DskipTests package");
	}

	@Test
	void refusesAFileThatIsNotJson() {
		ConfigurationMetadataFile broken = MetadataJson.write(this.directory, "proxy-app", "{ \"properties\": [ ");
		assertThatIllegalStateException().isThrownBy(() -> ConfigurationReference.load(List.of(broken)))
			.withMessageStartingWith(
					"The configuration metadata of proxy-app (" + broken.path() + ") cannot be read: ");
	}

	private ConfigurationReference load(String... json) {
		List<ConfigurationMetadataFile> files = new ArrayList<>();
		for (int i = 0; i < json.length; i++) {
			files.add(MetadataJson.write(this.directory, "module-" + i, json[i]));
		}
		return ConfigurationReference.load(files);
	}

}
