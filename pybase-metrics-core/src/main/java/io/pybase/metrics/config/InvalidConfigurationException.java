package io.pybase.metrics.config;

/**
 * A configuration value that cannot be used. The message is one line naming the variable, the value and what is
 * allowed, so start-up can print it and stop:
 *
 * <pre>{@code
 * Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 1 to 65535
 * }</pre>
 *
 * <p>Secrets are never printed: a rejected token or password shows as {@code <hidden>}.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String variable;

  /**
   * @param variable the environment variable (or system property) name
   * @param value the rejected value, shown in the message
   * @param allowed what is allowed, e.g. {@code "true or false"}
   */
  public InvalidConfigurationException(String variable, String value, String allowed) {
    super("Invalid " + variable + "='" + value + "': expected " + allowed);
    this.variable = variable;
  }

  private InvalidConfigurationException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  /** A secret that is set but empty or blank: names the variable and says how to turn authentication off. */
  public static InvalidConfigurationException blankSecret(String variable) {
    return new InvalidConfigurationException(variable, "Invalid " + variable + ": it is set but empty; give a "
        + "non-empty value, or unset it (environment variable and -D" + ConfigSource.propertyName(variable)
        + ") to turn that authentication off");
  }

  /** A secret that is set but not usable: the message names the variable and what is allowed, never the value. */
  public static InvalidConfigurationException secret(String variable, String allowed) {
    return new InvalidConfigurationException(variable, "Invalid " + variable + "=<hidden>: expected " + allowed);
  }

  /** The name of the variable that holds the bad value. */
  public String variable() {
    return variable;
  }
}
