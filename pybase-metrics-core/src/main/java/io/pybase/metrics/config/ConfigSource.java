package io.pybase.metrics.config;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where configuration values come from. The standard source, {@link #system()}, reads the system property first and
 * then the environment variable: {@code PROMETHEUS_METRICS_PORT} may also be given as
 * {@code -Dprometheus.metrics.port=9091}.
 *
 * <pre>{@code
 * ConfigSource source = ConfigSource.system();
 * int port = source.port("PROMETHEUS_METRICS_PORT", 9090);
 * String token = source.secret("PROMETHEUS_METRICS_BEARER_TOKEN");   // null when unset
 * }</pre>
 *
 * <p>Precedence: a non-blank system property wins over the environment variable; an empty or blank value never wins
 * over a real one. A setting given only as a blank value counts as unset, except a secret ({@link #secret}), for
 * which a blank value is an error: an empty token must never quietly mean "no authentication".
 *
 * <p>Every typed read fails with an {@link InvalidConfigurationException} naming the variable, the value (never the
 * value of a secret) and what is allowed.
 */
@FunctionalInterface
public interface ConfigSource {

  /**
   * The raw value of a variable, or {@code null} when it is not set.
   *
   * @param variable the environment variable name, e.g. {@code PROMETHEUS_ENABLED}
   */
  @Nullable String get(String variable);

  /**
   * System properties (the variable name lower-cased, {@code _} replaced by {@code .}), then the environment. A blank
   * value is returned only when neither source has a non-blank one.
   */
  static ConfigSource system() {
    return variable -> {
      String property = System.getProperty(propertyName(variable));
      if (property != null && !property.isBlank()) {
        return property;
      }
      String env = System.getenv(variable);
      if (env != null && !env.isBlank()) {
        return env;
      }
      return property != null ? property : env;
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

  /** A trimmed value, or {@code null} when the variable is unset or blank. */
  default @Nullable String string(String variable) {
    String value = get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.trim();
  }

  /** A trimmed value, or {@code defaultValue} when the variable is unset or blank. */
  default String string(String variable, String defaultValue) {
    String value = string(variable);
    return value != null ? value : defaultValue;
  }

  /**
   * A secret (token, password): the value as given, or {@code null} when the variable is not set at all.
   *
   * @throws InvalidConfigurationException when it is set but empty or blank (the message never shows a value)
   */
  default @Nullable String secret(String variable) {
    String value = get(variable);
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      throw InvalidConfigurationException.blankSecret(variable);
    }
    return value;
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
