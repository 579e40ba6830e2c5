package io.pybase.metrics.config;

import org.jspecify.annotations.Nullable;

/**
 * A configuration value that cannot be used. The message is one line naming the variable, the value and what is
 * allowed, so start-up can print it and stop:
 *
 * <pre>{@code
 * Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 1 to 65535
 * }</pre>
 *
 * <p>Secrets are never printed: a rejected token or password shows as {@code <hidden>}. An integration whose own
 * settings stand for the variables (the Spring Boot starter's {@code pybase.metrics.*} keys) names the one the value
 * came from with {@link #givenAs}.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** What is wrong, which decides the message. */
  private enum Kind {
    /** A value outside what is allowed: shown. */
    VALUE,
    /** A secret that is not usable: never shown. */
    SECRET,
    /** A secret that is set but empty or blank. */
    BLANK_SECRET
  }

  private final String variable;
  private final Kind kind;
  private final @Nullable String value;
  private final @Nullable String allowed;

  /**
   * @param variable the environment variable (or system property) name
   * @param value the rejected value, shown in the message
   * @param allowed what is allowed, e.g. {@code "true or false"}
   */
  public InvalidConfigurationException(String variable, String value, String allowed) {
    this(variable, Kind.VALUE, value, allowed, null);
  }

  private InvalidConfigurationException(String variable, Kind kind, @Nullable String value, @Nullable String allowed,
      @Nullable String setting) {
    super(message(variable, kind, value, allowed, setting));
    this.variable = variable;
    this.kind = kind;
    this.value = value;
    this.allowed = allowed;
  }

  private static String message(String variable, Kind kind, @Nullable String value, @Nullable String allowed,
      @Nullable String setting) {
    String from = setting == null ? "" : " (from " + setting + ")";
    return switch (kind) {
      case VALUE -> "Invalid " + variable + "='" + value + "': expected " + allowed + from;
      case SECRET -> "Invalid " + variable + "=<hidden>: expected " + allowed + from;
      case BLANK_SECRET -> "Invalid " + variable + ": it is set but empty; give a non-empty value, or "
          + (setting == null
              ? "unset it (environment variable and -D" + ConfigSource.propertyName(variable) + ")"
              : "remove it")
          + " to turn that authentication off" + from;
    };
  }

  /** A secret that is set but empty or blank: names the variable and says how to turn authentication off. */
  public static InvalidConfigurationException blankSecret(String variable) {
    return new InvalidConfigurationException(variable, Kind.BLANK_SECRET, null, null, null);
  }

  /** A secret that is set but not usable: the message names the variable and what is allowed, never the value. */
  public static InvalidConfigurationException secret(String variable, String allowed) {
    return new InvalidConfigurationException(variable, Kind.SECRET, null, allowed, null);
  }

  /**
   * This error, for a value that was given under {@code setting}, an integration's own name for the variable: the
   * same one line, ending in {@code (from setting)}; a blank secret's advice names that setting instead of the
   * environment variable and system property. The variable and the stack trace stay this error's.
   *
   * <pre>{@code
   * e.givenAs("pybase.metrics.max-label-values").getMessage();
   * // Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected an integer from 1 to 10000 (from pybase.metrics.max-label-values)
   * }</pre>
   *
   * @param setting the name the value was given under, such as a Spring Boot property key
   */
  public InvalidConfigurationException givenAs(String setting) {
    InvalidConfigurationException given = new InvalidConfigurationException(variable, kind, value, allowed, setting);
    given.setStackTrace(getStackTrace());
    return given;
  }

  /** The name of the variable that holds the bad value. */
  public String variable() {
    return variable;
  }
}
