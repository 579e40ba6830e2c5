package io.pybase.metrics.worker;

/**
 * The worker metrics server could not start, for example because its port is in use. The message is one line that
 * names the variable and the port, so start-up can print it and stop:
 *
 * <pre>{@code
 * Cannot start the worker metrics server: port 9091 on 0.0.0.0 is already in use (PROMETHEUS_METRICS_PORT=9091)
 * }</pre>
 *
 * <p>A port that is not a number from 1 to 65535 is reported earlier, by
 * {@link io.pybase.metrics.config.InvalidConfigurationException}.
 */
public final class MetricsServerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String variable;
  private final int port;

  MetricsServerStartException(String message, String variable, int port, Throwable cause) {
    super(message, cause);
    this.variable = variable;
    this.port = port;
  }

  /** The variable that sets the port: {@code PROMETHEUS_METRICS_PORT}. */
  public String variable() {
    return variable;
  }

  /** The port that could not be bound. */
  public int port() {
    return port;
  }
}
