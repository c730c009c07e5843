package io.socketactivation.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every plist under {@code deploy/launchd} parsed with the JDK's XML parser and checked
 * against the keys launchd.plist(5) documents, with the types launchd expects.
 */
class LaunchdPlistsTests {

	private static final Path DIRECTORY = Path.of("deploy", "launchd");

	private static final Set<String> JOB_KEYS = Set.of("Label", "ProgramArguments", "Sockets", "KeepAlive", "RunAtLoad",
			"UserName", "GroupName", "EnvironmentVariables", "StandardOutPath", "StandardErrorPath", "ExitTimeOut",
			"ThrottleInterval", "AbandonProcessGroup", "WorkingDirectory");

	private static final Set<String> SOCKET_KEYS = Set.of("SockServiceName", "SockNodeName", "SockFamily", "SockType",
			"SockPassive", "SockPathName", "SockPathMode", "SockPathOwner", "SockPathGroup");

	private static final Set<String> STRING_KEYS = Set.of("Label", "UserName", "GroupName", "StandardOutPath",
			"StandardErrorPath", "WorkingDirectory", "SockServiceName", "SockNodeName", "SockFamily", "SockType",
			"SockPathName");

	private static final Set<String> BOOLEAN_KEYS = Set.of("KeepAlive", "RunAtLoad", "AbandonProcessGroup",
			"SockPassive");

	private static final Set<String> INTEGER_KEYS = Set.of("ExitTimeOut", "ThrottleInterval", "SockPathMode",
			"SockPathOwner", "SockPathGroup");

	/** The starter's default socket-activation.launchd.names. */
	private static final List<String> DEFAULT_NAMES = List.of("Socket", "listeners");

	@Test
	void directAndProxiedVariantsExistAsUserAgentAndDaemonAndNothingElse() throws IOException {
		assertThat(files()).map((path) -> DIRECTORY.relativize(path).toString().replace('\\', '/'))
			.containsExactlyInAnyOrder("user-agent/io.socketactivation.sample.plist",
					"user-agent/io.socketactivation.sample-proxied.plist", "daemon/io.socketactivation.sample.plist",
					"daemon/io.socketactivation.sample-proxied.plist");
	}

	@ParameterizedTest
	@MethodSource("plists")
	void onlyDocumentedKeysWithTheirTypes(Path plist) throws Exception {
		Map<String, Object> job = parse(plist);
		assertThat(job.keySet()).isSubsetOf(JOB_KEYS).contains("Label", "ProgramArguments", "Sockets");
		assertTypes(job);
		assertThat(strings(job.get("ProgramArguments"))).isNotEmpty();
		assertThat(job.get("EnvironmentVariables")).satisfiesAnyOf((value) -> assertThat(value).isNull(),
				(value) -> assertThat(stringMap(value)).isNotEmpty());
		for (String path : List.of("StandardOutPath", "StandardErrorPath")) {
			assertThat((String) job.get(path)).as(path).startsWith("/");
		}
	}

	@ParameterizedTest
	@MethodSource("plists")
	void labelIsTheFileName(Path plist) throws Exception {
		assertThat(parse(plist).get("Label")).isEqualTo(plist.getFileName().toString().replace(".plist", ""));
	}

	@ParameterizedTest
	@MethodSource("plists")
	void socketsAreStreamSocketsWithDocumentedKeys(Path plist) throws Exception {
		Map<String, Object> sockets = map(parse(plist).get("Sockets"));
		assertThat(sockets).isNotEmpty();
		sockets.forEach((name, value) -> {
			Map<String, Object> socket = map(value);
			assertThat(socket.keySet()).as(name).isSubsetOf(SOCKET_KEYS);
			assertTypes(socket);
			assertThat(socket.getOrDefault("SockType", "stream")).as(name + " SockType").isEqualTo("stream");
			assertThat(socket.getOrDefault("SockFamily", "IPv4v6")).as(name + " SockFamily")
				.isIn("IPv4", "IPv6", "IPv4v6");
			assertThat(socket.containsKey("SockPathName") != socket.containsKey("SockServiceName"))
				.as(name + " has either SockPathName or SockServiceName")
				.isTrue();
			if (socket.containsKey("SockPathMode")) {
				assertThat((Long) socket.get("SockPathMode")).as(name + " SockPathMode (decimal)").isBetween(0L, 511L);
			}
		});
	}

	@ParameterizedTest
	@MethodSource("plists")
	void sockPathModeIsWrittenInDecimal(Path plist) throws Exception {
		for (Element integer : elements(document(plist), "integer")) {
			assertThat(integer.getTextContent().trim()).matches("0|[1-9][0-9]*");
		}
	}

	@ParameterizedTest
	@MethodSource("plists")
	void theApplicationAsksForEverySocketOfThePlist(Path plist) throws Exception {
		Map<String, Object> job = parse(plist);
		Map<String, String> environment = stringMap(job.getOrDefault("EnvironmentVariables", Map.of()));
		List<String> arguments = strings(job.get("ProgramArguments"));
		Set<String> sockets = map(job.get("Sockets")).keySet();
		if (arguments.stream().anyMatch((argument) -> argument.endsWith("/proxy-app.jar"))) {
			assertThat(arguments.subList(arguments.indexOf("/usr/local/lib/sample-app/proxy-app.jar") + 1,
					arguments.size()))
				.as("proxy-app's child")
				.startsWith("/usr/bin/java")
				.endsWith("-jar", "/usr/local/lib/sample-app/sample-app.jar");
			assertThat(sockets).containsExactly(environment.getOrDefault("LAUNCH_DAEMON_SOCKET_NAME", "Socket"));
		}
		else {
			assertThat(arguments).startsWith("/usr/bin/java")
				.endsWith("-jar", "/usr/local/lib/sample-app/sample-app.jar");
			String names = environment.get("SOCKET_ACTIVATION_LAUNCHD_NAMES");
			List<String> asked = (names != null) ? List.of(names.split(",")) : DEFAULT_NAMES;
			assertThat(asked).containsAll(sockets);
		}
	}

	@ParameterizedTest
	@MethodSource("plists")
	void sampleAppFailsRatherThanBindServerPortWhenNoSocketIsHandedOver(Path plist) throws Exception {
		// directly: the plist's socket; behind proxy-app: LAUNCH_PROGRAM_SOCKET_PATH
		Map<String, String> environment = stringMap(parse(plist).getOrDefault("EnvironmentVariables", Map.of()));
		assertThat(environment).containsEntry("SOCKET_ACTIVATION_REQUIRED", "true");
	}

	@ParameterizedTest
	@MethodSource("plists")
	void daemonsRunTheJvmUnprivilegedAndAgentsAsTheUser(Path plist) throws Exception {
		Map<String, Object> job = parse(plist);
		if (plist.getParent().getFileName().toString().equals("daemon")) {
			assertThat(job).containsKeys("UserName", "GroupName");
			assertThat(job.get("UserName")).isNotEqualTo("root");
		}
		else {
			assertThat(job).doesNotContainKeys("UserName", "GroupName");
		}
	}

	static Stream<Path> plists() throws IOException {
		return files().filter((path) -> path.toString().endsWith(".plist"));
	}

	private static Stream<Path> files() throws IOException {
		List<Path> files;
		try (Stream<Path> walked = Files.walk(DIRECTORY)) {
			files = walked.filter(Files::isRegularFile).sorted().toList();
		}
		return files.stream();
	}

	private static void assertTypes(Map<String, Object> dict) {
		dict.forEach((key, value) -> {
			if (STRING_KEYS.contains(key)) {
				assertThat(value).as(key).isInstanceOf(String.class);
			}
			if (BOOLEAN_KEYS.contains(key)) {
				assertThat(value).as(key).isInstanceOf(Boolean.class);
			}
			if (INTEGER_KEYS.contains(key)) {
				assertThat(value).as(key).isInstanceOf(Long.class);
			}
		});
	}

	private static Map<String, Object> parse(Path plist) throws Exception {
		Element root = document(plist).getDocumentElement();
		assertThat(root.getTagName()).isEqualTo("plist");
		assertThat(root.getAttribute("version")).isEqualTo("1.0");
		List<Element> children = children(root);
		assertThat(children).hasSize(1);
		return map(value(children.get(0)));
	}

	private static Document document(Path plist) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
		// the DOCTYPE names Apple's DTD: never fetch it
		factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
		factory.setIgnoringComments(true);
		DocumentBuilder builder = factory.newDocumentBuilder();
		return builder.parse(plist.toFile());
	}

	private static Object value(Element element) {
		return switch (element.getTagName()) {
			case "string" -> element.getTextContent();
			case "integer" -> Long.parseLong(element.getTextContent().trim());
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			case "array" -> children(element).stream().map(LaunchdPlistsTests::value).toList();
			case "dict" -> dict(element);
			default -> throw new AssertionError("Unexpected plist element <" + element.getTagName() + ">");
		};
	}

	private static Map<String, Object> dict(Element element) {
		List<Element> children = children(element);
		assertThat(children.size() % 2).as("<dict> alternates <key> and value").isZero();
		Map<String, Object> dict = new LinkedHashMap<>();
		for (int i = 0; i < children.size(); i += 2) {
			assertThat(children.get(i).getTagName()).isEqualTo("key");
			String key = children.get(i).getTextContent();
			assertThat(dict).as("duplicate key " + key).doesNotContainKey(key);
			dict.put(key, value(children.get(i + 1)));
		}
		return dict;
	}

	private static List<Element> children(Element element) {
		List<Element> children = new ArrayList<>();
		for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element child) {
				children.add(child);
			}
		}
		return children;
	}

	private static List<Element> elements(Document document, String tag) {
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < document.getElementsByTagName(tag).getLength(); i++) {
			elements.add((Element) document.getElementsByTagName(tag).item(i));
		}
		return elements;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	private static Map<String, String> stringMap(Object value) {
		Map<String, String> strings = new LinkedHashMap<>();
		map(value).forEach((key, item) -> {
			assertThat(item).as(key).isInstanceOf(String.class);
			strings.put(key, (String) item);
		});
		return strings;
	}

	private static List<String> strings(Object value) {
		assertThat(value).isInstanceOf(List.class);
		List<?> items = (List<?>) value;
		assertThat(items).allSatisfy((item) -> assertThat(item).isInstanceOf(String.class));
		return items.stream().map(String.class::cast).toList();
	}

}
