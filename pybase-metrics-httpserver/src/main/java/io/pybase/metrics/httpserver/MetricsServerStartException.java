package io.pybase.metrics.httpserver;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A metrics server could not start, for example because its port is in use. The message is one line naming the address,
 * the port and, when the port came from it, the variable, so start-up can print it and stop:
 *
 * <pre>{@code
 * Cannot start the metrics server: port 9091 on 0.0.0.0 is already in use (PROMETHEUS_METRICS_PORT=9091)
 * }</pre>
 *
 * <p>A bad setting (a port outside 0 to 65535, a malformed host) is reported earlier, by
 * {@link io.pybase.metrics.config.InvalidConfigurationException}.
 */
public final class MetricsServerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final @Nullable String variable;
  private final String host;
  private final int port;

  MetricsServerStartException(String message, @Nullable String variable, String host, int port, Throwable cause) {
    super(message, cause);
    this.variable = variable;
    this.host = host;
    this.port = port;
  }

  /**
   * The variable the port came from ({@code PROMETHEUS_METRICS_PORT}); empty when the port was set in code, where the
   * application knows its own variable (e.g. {@code API_METRICS_PORT}).
   */
  public Optional<String> variable() {
    return Optional.ofNullable(variable);
  }

  /** The address that could not be bound. */
  public String host() {
    return host;
  }

  /** The port that could not be bound. */
  public int port() {
    return port;
  }
}
