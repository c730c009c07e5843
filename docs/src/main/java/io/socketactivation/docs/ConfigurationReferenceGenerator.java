package io.socketactivation.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the configuration reference ({@code docs/target/configuration-reference.md})
 * during the build, and fails it when a property has no description.
 *
 * @author socket-activation contributors
 */
public final class ConfigurationReferenceGenerator {

	static final String USAGE = "usage: ConfigurationReferenceGenerator <output.md> "
			+ "<module>=<spring-configuration-metadata.json>...";

	private ConfigurationReferenceGenerator() {
	}

	/**
	 * Write the reference.
	 * @param args the output file, then one {@code module=path} per metadata file
	 * @throws IOException if the reference cannot be written
	 */
	@SuppressWarnings("checkstyle:systemOut")
	public static void main(String[] args) throws IOException {
		int properties = generate(List.of(args));
		System.out.println("Configuration reference: " + properties + " properties written to " + args[0]);
	}

	/**
	 * Write the reference.
	 * @param args the output file, then one {@code module=path} per metadata file
	 * @return the number of properties written
	 * @throws IOException if the reference cannot be written
	 * @throws IllegalArgumentException if the arguments are not as described
	 * @throws IllegalStateException if metadata is missing or a property has no
	 * description
	 */
	static int generate(List<String> args) throws IOException {
		if (args.size() < 2) {
			throw new IllegalArgumentException(USAGE);
		}
		Path output = Path.of(args.get(0)).toAbsolutePath();
		List<ConfigurationMetadataFile> files = args.subList(1, args.size())
			.stream()
			.map(ConfigurationMetadataFile::parse)
			.toList();
		ConfigurationReference reference = ConfigurationReference.load(files);
		reference.requireDescriptions();
		Files.createDirectories(output.getParent());
		Files.writeString(output, reference.toMarkdown());
		return reference.size();
	}

}
