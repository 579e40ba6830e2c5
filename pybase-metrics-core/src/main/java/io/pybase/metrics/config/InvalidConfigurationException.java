package io.pybase.metrics.config;

/**
 * A configuration value that cannot be used. The message is one line naming the variable, the value and what is
 * allowed, so start-up can print it and stop:
 *
 * <pre>{@code
 * Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 1 to 65535
 * }</pre>
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String variable;

  /**
   * @param variable the environment variable (or system property) name
   * @param value the rejected value
   * @param allowed what is allowed, e.g. {@code "true or false"}
   */
  public InvalidConfigurationException(String variable, String value, String allowed) {
    super("Invalid " + variable + "='" + value + "': expected " + allowed);
    this.variable = variable;
  }

  /** The name of the variable that holds the bad value. */
  public String variable() {
    return variable;
  }
}
