package io.socketactivation.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

/**
 * The configuration metadata of one module: the file spring-boot-configuration-processor
 * writes ({@code META-INF/spring-configuration-metadata.json}) and the module it
 * describes.
 *
 * @param module the module's name, a heading of the reference
 * @param path the metadata file
 * @author socket-activation contributors
 */
public record ConfigurationMetadataFile(String module, Path path) {

	/**
	 * Parse a {@code module=path} argument.
	 * @param argument the argument
	 * @return the metadata file
	 * @throws IllegalArgumentException if the argument is not {@code module=path}
	 */
	public static ConfigurationMetadataFile parse(String argument) {
		int equals = argument.indexOf('=');
		if (equals <= 0 || equals == argument.length() - 1) {
			throw new IllegalArgumentException(
					"'" + argument + "' is not module=path/to/spring-configuration-metadata.json");
		}
		return new ConfigurationMetadataFile(argument.substring(0, equals),
				Path.of(argument.substring(equals + 1)).normalize());
	}

	/**
	 * Read the metadata.
	 * @return the metadata
	 * @throws IllegalStateException if the file is missing or is not configuration
	 * metadata
	 */
	ConfigurationMetadataRepository read() {
		if (!Files.isRegularFile(this.path)) {
			throw new IllegalStateException("The configuration metadata of " + this.module + " (" + this.path
					+ ") does not exist: build the module first, for example with "
					+ "./mvnw -B -pl docs -am -DskipTests package");
		}
		try (InputStream in = Files.newInputStream(this.path)) {
			return ConfigurationMetadataRepositoryJsonBuilder.create(in).build();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("The configuration metadata of " + this.module + " (" + this.path
					+ ") cannot be read: " + ex.getMessage(), ex);
		}
	}

}
