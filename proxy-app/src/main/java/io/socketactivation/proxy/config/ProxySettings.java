package io.socketactivation.proxy.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The settings of one run, read before anything starts: {@code proxy.*} properties from
 * the command line ({@code --proxy.x=y}), system properties and the environment
 * ({@code PROXY_X}), then launch_socket_server's variables.
 *
 * @param properties the bound properties
 * @param backend the backend the settings name, if any
 * @param backendSetting the variable or property that named the backend, for messages
 * @author socket-activation contributors
 */
public record ProxySettings(ProxyProperties properties, @Nullable BackendAddress backend, String backendSetting) {

	/** launch_socket_server's variable naming the launchd socket. */
	public static final String LAUNCH_DAEMON_SOCKET_NAME = "LAUNCH_DAEMON_SOCKET_NAME";

	/** launch_socket_server's variable naming the backend's Unix socket. */
	public static final String LAUNCH_PROGRAM_SOCKET_PATH = "LAUNCH_PROGRAM_SOCKET_PATH";

	/** launch_socket_server's variable naming the backend's TCP address. */
	public static final String LAUNCH_PROGRAM_TCP_ADDRESS = "LAUNCH_PROGRAM_TCP_ADDRESS";

	private static final String LAUNCH_SOURCE = "launch_socket_server environment";

	private static final String SOCKET_PATH_PROPERTY = "proxy.backend.socket-path";

	private static final String TCP_ADDRESS_PROPERTY = "proxy.backend.tcp-address";

	private static final Map<String, String> LAUNCH_VARIABLES = Map.of(LAUNCH_DAEMON_SOCKET_NAME, "proxy.socket-name",
			LAUNCH_PROGRAM_SOCKET_PATH, SOCKET_PATH_PROPERTY, LAUNCH_PROGRAM_TCP_ADDRESS, TCP_ADDRESS_PROPERTY);

	/**
	 * Read the settings.
	 * @param commandLineProperties {@code proxy.*} properties given as
	 * {@code --name=value}
	 * @param systemProperties the system properties
	 * @param environment the environment variables
	 * @return the settings
	 * @throws ProxySettingException if a setting is invalid
	 */
	public static ProxySettings load(Map<String, String> commandLineProperties, Properties systemProperties,
			Map<String, String> environment) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new MapPropertySource("command line", new LinkedHashMap<>(commandLineProperties)));
		sources.addLast(new PropertiesPropertySource("system properties", systemProperties));
		sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new LinkedHashMap<>(environment)));
		Map<String, Object> launch = new LinkedHashMap<>();
		LAUNCH_VARIABLES.forEach((variable, property) -> {
			String value = environment.get(variable);
			if (value != null) {
				launch.put(property, value);
			}
		});
		sources.addLast(new MapPropertySource(LAUNCH_SOURCE, launch));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		ProxyProperties properties = new ProxyProperties();
		try {
			binder.bind("proxy", Bindable.ofInstance(properties));
		}
		catch (BindException ex) {
			throw invalid(ex);
		}
		return resolveBackend(properties, sources);
	}

	/**
	 * Return the command-line settings that name no setting of proxy-app (a misspelt
	 * {@code --proxy.conections.max} would otherwise be ignored, and its default used).
	 * @param commandLineProperties the {@code --proxy.*} options, without {@code --}
	 * @return the names of the unknown ones, in order; empty when all are known (a value
	 * that is invalid is {@link #load}'s to report)
	 */
	public static List<String> unknownProperties(Map<String, String> commandLineProperties) {
		if (commandLineProperties.isEmpty()) {
			return List.of();
		}
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new MapPropertySource("command line", new LinkedHashMap<>(commandLineProperties)));
		Binder binder = new Binder(ConfigurationPropertySources.from(sources));
		try {
			binder.bind("proxy", Bindable.ofInstance(new ProxyProperties()),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
			return List.of();
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
				return unbound.getUnboundProperties()
					.stream()
					.map((property) -> property.getName().toString())
					.sorted()
					.toList();
			}
			return List.of();
		}
	}

	/**
	 * Return the position of the source a property comes from, lower first.
	 * @param sources the sources, highest precedence first
	 * @param property the property's name
	 * @return the position, or the number of sources if none has it
	 */
	private static int sourceIndex(MutablePropertySources sources, String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		int index = 0;
		for (PropertySource<?> source : sources) {
			ConfigurationPropertySource adapted = ConfigurationPropertySource.from(source);
			if (adapted != null && adapted.getConfigurationProperty(name) != null) {
				return index;
			}
			index++;
		}
		return index;
	}

	private static ProxySettings resolveBackend(ProxyProperties properties, MutablePropertySources sources) {
		ProxyProperties.Backend backend = properties.getBackend();
		String tcp = backend.getTcpAddress();
		String path = backend.getSocketPath();
		int tcpSource = sourceIndex(sources, TCP_ADDRESS_PROPERTY);
		int pathSource = sourceIndex(sources, SOCKET_PATH_PROPERTY);
		// launch_socket_server's rule (the TCP address wins) holds within one source;
		// otherwise the source of higher precedence wins, as for every setting
		if (tcp != null && (path == null || tcpSource <= pathSource)) {
			String setting = settingName(TCP_ADDRESS_PROPERTY, LAUNCH_PROGRAM_TCP_ADDRESS, sources, tcpSource);
			return new ProxySettings(properties, BackendAddress.parseTcp(tcp, setting), setting);
		}
		if (path != null) {
			String setting = settingName(SOCKET_PATH_PROPERTY, LAUNCH_PROGRAM_SOCKET_PATH, sources, pathSource);
			return new ProxySettings(properties, BackendAddress.parseSocketPath(path, setting), setting);
		}
		return new ProxySettings(properties, null, "");
	}

	private static String settingName(String property, String variable, MutablePropertySources sources, int index) {
		boolean fromLaunchVariable = sources.stream()
			.skip(index)
			.findFirst()
			.map((source) -> source.getName().equals(LAUNCH_SOURCE))
			.orElse(false);
		return fromLaunchVariable ? variable : property;
	}

	private static ProxySettingException invalid(BindException ex) {
		ConfigurationProperty property = ex.getProperty();
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		String what = (property != null)
				? property.getName() + "='" + property.getValue() + "' (from " + property.getOrigin() + ")"
				: ex.getName().toString();
		return new ProxySettingException(what + " is invalid: " + cause.getMessage() + ".",
				"Fix the setting; see docs/configuration.md for its allowed values.", ex);
	}

	/**
	 * Return the names of the variables of launch_socket_server's contract.
	 * @return the names
	 */
	public static List<String> launchVariables() {
		return List.of(LAUNCH_DAEMON_SOCKET_NAME, LAUNCH_PROGRAM_SOCKET_PATH, LAUNCH_PROGRAM_TCP_ADDRESS);
	}

}
