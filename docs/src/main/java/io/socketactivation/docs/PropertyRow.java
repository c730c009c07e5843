package io.socketactivation.docs;

import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.Deprecation;

/**
 * One row of the reference: a property's name, type, default and description, written as
 * Markdown table cells.
 *
 * @param name the property's name
 * @param type the simple name of its type ({@code Duration}, {@code List<String>}), or
 * empty
 * @param defaultValue its default value, or empty when it has none
 * @param description its description, or empty when it has none
 * @author socket-activation contributors
 */
public record PropertyRow(String name, String type, String defaultValue, String description) {

	private static final Pattern QUALIFIED_NAME = Pattern.compile("(?:[a-z_][\\w]*\\.)+([A-Za-z_][\\w$]*)");

	private static final Pattern INLINE_TAG = Pattern.compile("\\{@(code|link|linkplain|literal) ([^}]*)}");

	/**
	 * Create the row of a property.
	 * @param property the property's metadata
	 * @return the row
	 */
	public static PropertyRow of(ConfigurationMetadataProperty property) {
		return new PropertyRow(property.getId(), type(property.getType()), defaultValue(property.getDefaultValue()),
				description(property));
	}

	/**
	 * Whether the property has a description.
	 * @return {@code false} when the description is missing or blank
	 */
	public boolean isDescribed() {
		return !this.description.isBlank();
	}

	/**
	 * Return the row as a Markdown table row.
	 * @return the row, without a line break
	 */
	public String toMarkdown() {
		return "| `" + this.name + "` | " + code(this.type) + " | " + code(this.defaultValue) + " | "
				+ escape(this.description) + " |";
	}

	private static String type(@Nullable String type) {
		if (type == null) {
			return "";
		}
		Matcher matcher = QUALIFIED_NAME.matcher(type);
		StringBuilder simple = new StringBuilder();
		while (matcher.find()) {
			String name = matcher.group(1);
			matcher.appendReplacement(simple, Matcher.quoteReplacement(name.substring(name.lastIndexOf('$') + 1)));
		}
		matcher.appendTail(simple);
		return simple.toString();
	}

	private static String defaultValue(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		Stream<?> values = (value instanceof Object[] array) ? Arrays.stream(array)
				: (value instanceof Collection<?> collection) ? collection.stream() : Stream.of(value);
		return values.map(String::valueOf).collect(Collectors.joining(", "));
	}

	private static String description(ConfigurationMetadataProperty property) {
		String description = property.getDescription();
		String text = (description != null) ? INLINE_TAG.matcher(description.strip().replaceAll("\\s+", " "))
			.replaceAll((tag) -> tag.group(1).equals("literal") ? Matcher.quoteReplacement(tag.group(2))
					: Matcher.quoteReplacement("`" + tag.group(2) + "`"))
				: "";
		if (!property.isDeprecated()) {
			return text;
		}
		Deprecation deprecation = property.getDeprecation();
		String replacement = (deprecation != null) ? deprecation.getReplacement() : null;
		return (text + " Deprecated" + ((replacement != null) ? ": use `" + replacement + "` instead." : ".")).strip();
	}

	private static String code(String text) {
		return text.isEmpty() ? "" : "`" + text.replace("|", "\\|") + "`";
	}

	private static String escape(String text) {
		return text.replace("|", "\\|");
	}

}
