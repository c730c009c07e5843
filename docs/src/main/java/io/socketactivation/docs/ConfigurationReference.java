package io.socketactivation.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataGroup;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;

/**
 * The reference of every configuration property of the given modules: per module, one
 * table per group. A group is a {@code @ConfigurationProperties} class (its prefix, with
 * its nested classes), or, for a property declared without one (such as a
 * {@code management.health.*.enabled} switch), the property's parent prefix.
 *
 * @author socket-activation contributors
 */
public final class ConfigurationReference {

	private final List<Module> modules;

	private ConfigurationReference(List<Module> modules) {
		this.modules = modules;
	}

	/**
	 * Load the reference from the metadata of each module.
	 * @param files the metadata files, in the order the reference lists the modules
	 * @return the reference
	 * @throws IllegalStateException if a file is missing, unreadable, or lists no
	 * property
	 */
	public static ConfigurationReference load(List<ConfigurationMetadataFile> files) {
		List<Module> modules = new ArrayList<>();
		for (ConfigurationMetadataFile file : files) {
			ConfigurationMetadataRepository repository = file.read();
			if (repository.getAllProperties().isEmpty()) {
				throw new IllegalStateException("The configuration metadata of " + file.module() + " (" + file.path()
						+ ") lists no property: is spring-boot-configuration-processor on the module's annotation "
						+ "processor path?");
			}
			modules.add(new Module(file.module(), groups(repository)));
		}
		return new ConfigurationReference(List.copyOf(modules));
	}

	private static List<Group> groups(ConfigurationMetadataRepository repository) {
		Set<String> prefixes = repository.getAllGroups()
			.values()
			.stream()
			.filter(ConfigurationReference::isPropertiesClass)
			.map(ConfigurationMetadataGroup::getId)
			.collect(Collectors.toSet());
		Map<String, List<PropertyRow>> rows = new TreeMap<>();
		repository.getAllProperties()
			.values()
			.stream()
			.sorted(Comparator.comparing(ConfigurationMetadataProperty::getId))
			.forEach((property) -> rows.computeIfAbsent(group(property.getId(), prefixes), (name) -> new ArrayList<>())
				.add(PropertyRow.of(property)));
		return rows.entrySet()
			.stream()
			.map((entry) -> new Group(entry.getKey(), List.copyOf(entry.getValue())))
			.toList();
	}

	/**
	 * Whether a group is a {@code @ConfigurationProperties} class rather than one of its
	 * nested classes (those are reached through a getter, the source method).
	 */
	private static boolean isPropertiesClass(ConfigurationMetadataGroup group) {
		return !group.getId().equals(ConfigurationMetadataRepository.ROOT_GROUP) && !group.getSources().isEmpty()
				&& group.getSources().values().stream().allMatch((source) -> source.getSourceMethod() == null);
	}

	private static String group(String property, Set<String> prefixes) {
		return prefixes.stream()
			.filter((prefix) -> property.startsWith(prefix + "."))
			.max(Comparator.comparingInt(String::length))
			.orElseGet(() -> (property.lastIndexOf('.') > 0) ? property.substring(0, property.lastIndexOf('.'))
					: property);
	}

	/**
	 * Return the number of properties.
	 * @return the number of properties of all modules
	 */
	public int size() {
		return (int) rows().count();
	}

	/**
	 * Return the properties that have no description, each with its module.
	 * @return e.g. {@code proxy.backend.socket-path (proxy-app)}
	 */
	public List<String> undescribed() {
		return this.modules.stream()
			.flatMap((module) -> module.groups()
				.stream()
				.flatMap((group) -> group.rows().stream())
				.filter((row) -> !row.isDescribed())
				.map((row) -> row.name() + " (" + module.name() + ")"))
			.toList();
	}

	/**
	 * Check that every property has a description.
	 * @throws IllegalStateException naming every property without one
	 */
	public void requireDescriptions() {
		List<String> undescribed = undescribed();
		if (!undescribed.isEmpty()) {
			throw new IllegalStateException(undescribed.size() + " configuration "
					+ ((undescribed.size() != 1) ? "properties have" : "property has") + " no description: "
					+ String.join(", ", undescribed) + ". Write a one-sentence javadoc on the field (the "
					+ "configuration processor turns it into the description), or add a description to "
					+ "additional-spring-configuration-metadata.json for a property declared there.");
		}
	}

	/**
	 * Return the reference as a Markdown document.
	 * @return the document
	 */
	public String toMarkdown() {
		StringBuilder markdown = new StringBuilder();
		markdown.append("# Configuration reference\n\n");
		markdown.append("Every configuration property of ")
			.append(this.modules.stream().map((module) -> "`" + module.name() + "`").collect(Collectors.joining(", ")))
			.append(", generated by the build from each module's configuration metadata ")
			.append("(`META-INF/spring-configuration-metadata.json`, which spring-boot-configuration-processor ")
			.append("writes from the javadoc of each `@ConfigurationProperties` field). ")
			.append("Do not edit it: edit the javadoc. See `docs/configuration.md` for how to set them.\n");
		for (Module module : this.modules) {
			markdown.append("\n## ").append(module.name()).append('\n');
			for (Group group : module.groups()) {
				markdown.append("\n### `").append(group.name()).append("`\n\n");
				markdown.append("| Property | Type | Default | Description |\n");
				markdown.append("| --- | --- | --- | --- |\n");
				group.rows().forEach((row) -> markdown.append(row.toMarkdown()).append('\n'));
			}
		}
		return markdown.toString();
	}

	private Stream<PropertyRow> rows() {
		return this.modules.stream()
			.flatMap((module) -> module.groups().stream())
			.flatMap((group) -> group.rows().stream());
	}

	private record Module(String name, List<Group> groups) {
	}

	private record Group(String name, List<PropertyRow> rows) {
	}

}
