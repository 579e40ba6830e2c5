package io.pybase.metrics.config;

import java.util.Locale;
import java.util.Map;

/**
 * Where configuration values come from. The standard source reads a system property first, then the environment
 * variable: {@code PROMETHEUS_METRICS_PORT} may also be given as {@code -Dprometheus.metrics.port=9091}.
 *
 * <pre>{@code
 * ConfigSource source = ConfigSource.system();
 * int port = source.port("PROMETHEUS_METRICS_PORT", 9090);
 * }</pre>
 *
 * <p>Every typed read fails with an {@link InvalidConfigurationException} naming the variable, the value and what
 * is allowed.
 */
@FunctionalInterface
public interface ConfigSource {

  /**
   * The raw value of a variable, or {@code null} when it is not set.
   *
   * @param variable the environment variable name, e.g. {@code PROMETHEUS_ENABLED}
   */
  String get(String variable);

  /** System properties (the variable name lower-cased, {@code _} replaced by {@code .}), then the environment. */
  static ConfigSource system() {
    return variable -> {
      String property = System.getProperty(propertyName(variable));
      return property != null ? property : System.getenv(variable);
    };
  }

  /** A fixed map of variables, for tests and for programmatic configuration. */
  static ConfigSource of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return copy::get;
  }

  /** The system property that stands for an environment variable: {@code PROMETHEUS_ENABLED -> prometheus.enabled}. */
  static String propertyName(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** A trimmed value, or {@code defaultValue} when the variable is unset or blank. */
  default String string(String variable, String defaultValue) {
    String value = get(variable);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    return value.trim();
  }

  /** {@code true}/{@code false} (any case), or {@code defaultValue} when unset. */
  default boolean bool(String variable, boolean defaultValue) {
    String value = get(variable);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new InvalidConfigurationException(variable, value, "true or false");
  }

  /** An integer in {@code [min, max]}, or {@code defaultValue} when unset. */
  default int integer(String variable, int defaultValue, int min, int max) {
    String value = get(variable);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is allowed
    }
    throw new InvalidConfigurationException(variable, value, "an integer from " + min + " to " + max);
  }

  /** A TCP port from 1 to 65535, or {@code defaultValue} when unset. */
  default int port(String variable, int defaultValue) {
    return integer(variable, defaultValue, 1, 65535);
  }
}
