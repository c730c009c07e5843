package io.socketactivation.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A systemd unit file read as systemd.syntax(7) describes: {@code [Section]} headers,
 * {@code Key=value} assignments (a key may be assigned more than once), comment lines
 * starting with {@code #} or {@code ;}, and lines continued by a trailing backslash.
 *
 * @param path the file
 * @param assignments the values of each {@code Section.Key}, in file order
 */
record SystemdUnitFile(Path path, Map<String, List<String>> assignments) {

	static SystemdUnitFile read(Path path) throws IOException {
		Map<String, List<String>> assignments = new LinkedHashMap<>();
		@Nullable String section = null;
		@Nullable StringBuilder continued = null;
		for (String line : Files.readAllLines(path)) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || trimmed.startsWith(";")) {
				continue;
			}
			if (continued != null) {
				continued.append(' ').append(trimmed);
			}
			else if (trimmed.isEmpty()) {
				continue;
			}
			else if (trimmed.startsWith("[")) {
				if (!trimmed.endsWith("]")) {
					throw new IllegalStateException(path + ": malformed section header '" + trimmed + "'");
				}
				section = trimmed.substring(1, trimmed.length() - 1);
				continue;
			}
			else {
				continued = new StringBuilder(trimmed);
			}
			if (continued.toString().endsWith("\\")) {
				continued.setLength(continued.length() - 1);
				continue;
			}
			String assignment = continued.toString();
			continued = null;
			int equals = assignment.indexOf('=');
			if (section == null || equals < 1) {
				throw new IllegalStateException(path + ": '" + assignment + "' is not a Key=value line of a section");
			}
			String key = section + "." + assignment.substring(0, equals).strip();
			String value = assignment.substring(equals + 1).strip().replaceAll("\\s+", " ");
			assignments.computeIfAbsent(key, (ignored) -> new ArrayList<>()).add(value);
		}
		return new SystemdUnitFile(path, assignments);
	}

	/**
	 * Return the file name, which is the unit's name.
	 * @return the name
	 */
	String name() {
		return this.path.getFileName().toString();
	}

	/**
	 * Return the last value assigned to a key, as systemd applies it for single-valued
	 * settings.
	 * @param key {@code Section.Key}
	 * @return the value, or {@code null}
	 */
	@Nullable String value(String key) {
		List<String> values = this.assignments.get(key);
		return (values != null) ? values.get(values.size() - 1) : null;
	}

	/**
	 * Return every value assigned to a key, split into whitespace-separated words.
	 * @param key {@code Section.Key}
	 * @return the words, in file order
	 */
	List<String> words(String key) {
		return this.assignments.getOrDefault(key, List.of())
			.stream()
			.flatMap((value) -> Arrays.stream(value.split(" ")))
			.filter((word) -> !word.isEmpty())
			.toList();
	}

	/**
	 * Return the variables the {@code Environment=} lines of {@code [Service]} set.
	 * @return the variables and their values
	 */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String word : words("Service.Environment")) {
			int equals = word.indexOf('=');
			environment.put(word.substring(0, equals), word.substring(equals + 1));
		}
		return environment;
	}

}
