package io.pybase.metrics.spring.boot;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * The library's settings read from Spring's {@link Environment}: each variable ({@code PROMETHEUS_METRICS_PATH}) also
 * has a Spring Boot key ({@code pybase.metrics.path}, see {@link PyBaseMetricsProperties}). Both names are looked up
 * in Spring's property sources in their usual order (command line, system properties, environment variables,
 * {@code application.properties}, ...), the first source that sets either name wins, and within one source the
 * Spring key wins. The key binds relaxed ({@code PYBASE_METRICS_PATH} in the environment works too); the variable
 * also answers to its system-property form ({@code prometheus.metrics.path}), as everywhere in the library.
 *
 * <p>A bad value fails with the library's one-line message, completed with the Spring key that held it:
 * {@code Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected an integer from 1 to 10000 (from
 * pybase.metrics.max-label-values)}.
 */
final class SpringConfigSource implements ConfigSource {

  private final Environment environment;
  /** For each variable read so far: the Spring key that supplied its value, when it was one. */
  private final Map<String, String> suppliedBySpringKey = new ConcurrentHashMap<>();

  SpringConfigSource(Environment environment) {
    this.environment = environment;
  }

  @Override
  public @Nullable String get(String variable) {
    String key = PyBaseMetricsProperties.springKey(variable);
    ConfigurationPropertyName name = key == null ? null : ConfigurationPropertyName.of(key);
    String propertyName = ConfigSource.propertyName(variable);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (key != null && name != null) {
        ConfigurationProperty property = source.getConfigurationProperty(name);
        if (property != null && property.getValue() != null) {
          suppliedBySpringKey.put(variable, key);
          return property.getValue().toString();
        }
      }
      Object underlying = source.getUnderlyingSource();
      if (underlying instanceof PropertySource<?> raw) {
        Object value = raw.getProperty(variable);
        if (value == null) {
          value = raw.getProperty(propertyName);
        }
        if (value != null) {
          suppliedBySpringKey.remove(variable);
          return value.toString();
        }
      }
    }
    String fallback = ConfigSource.system().get(variable);
    if (fallback != null) {
      suppliedBySpringKey.remove(variable);
    }
    return fallback;
  }

  /**
   * The name the value of {@code variable} was read under: its Spring key when that supplied it
   * ({@code pybase.metrics.server.port}), else the variable. Call after reading it.
   */
  String settingName(String variable) {
    return suppliedBySpringKey.getOrDefault(variable, variable);
  }

  /**
   * {@code e} completed with the Spring key that supplied the bad value, if one did: the message stays the
   * library's one line ({@code Invalid VARIABLE='value': expected ... (from pybase.metrics.key)}), so it reads the
   * same in every integration, secrets included ({@code Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty;
   * ... (from pybase.metrics.bearer-token)}).
   */
  InvalidConfigurationException explain(InvalidConfigurationException e) {
    String key = suppliedBySpringKey.get(e.variable());
    return key == null ? e : e.givenAs(key);
  }
}
