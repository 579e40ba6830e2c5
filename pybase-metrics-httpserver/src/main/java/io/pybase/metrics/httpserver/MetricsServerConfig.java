package io.pybase.metrics.httpserver;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.endpoint.MetricsEndpointConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link MetricsServer}: where it listens, its paths and credentials (the endpoint policy every
 * transport shares, {@link MetricsEndpointConfig}), and the limits that keep it answering under load or attack: its
 * own small thread pool, a connection limit, an idle timeout and a deadline for a request's headers.
 *
 * <pre>{@code
 * MetricsServerConfig config = MetricsServerConfig.fromEnvironment();
 * MetricsServerConfig custom = MetricsServerConfig.builder()
 *     .host("127.0.0.1").port(8001)
 *     .bearerToken(System.getenv("SCRAPE_TOKEN"))
 *     .requestHeaderTimeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Variables (system property: lower case, dots for underscores), defaults and what is allowed</caption>
 *   <tr><td>PROMETHEUS_METRICS_HOST</td><td>{@value #DEFAULT_HOST} (all interfaces, as containers need)</td>
 *       <td>an IP address or host name</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_PORT</td><td>{@value #DEFAULT_PORT}</td><td>0 to 65535 (0: any free port)</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_SERVER_HOST, _SERVER_PORT</td><td>beside an application ({@link #besideApplication})
 *       instead of the two above: all interfaces; unset port: no server of its own</td><td>as above</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_PATH</td><td>{@value #DEFAULT_METRICS_PATH}</td><td>a plain absolute path, not the
 *       health path</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_HEALTH_PATH</td><td>{@value #DEFAULT_HEALTH_PATH}</td><td>a plain absolute
 *       path</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_BEARER_TOKEN, _USERNAME, _PASSWORD</td><td>unset: no authentication</td><td>see
 *       {@link MetricsEndpointConfig}</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_SERVER_THREADS</td><td>{@value #DEFAULT_THREADS}</td><td>1 to 64 request threads (the
 *       server adds one selector thread)</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS</td><td>{@value #DEFAULT_MAX_CONNECTIONS}</td><td>1 to
 *       10000 open connections; beyond, new ones wait in the accept queue</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS</td><td>30</td><td>1 to 3600 seconds without a byte
 *       in or out</td></tr>
 *   <tr><td>PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS</td><td>5</td><td>1 to 300 seconds for a
 *       request's headers to arrive in full</td></tr>
 * </table>
 *
 * <p>One scheme of names: {@code PROMETHEUS_METRICS_SERVER_*} always means the metrics' own server. Its threads and
 * limits have these names wherever it runs. Where it listens depends on what else the process serves: a task worker,
 * whose only HTTP server is this one, uses {@code PROMETHEUS_METRICS_HOST} and {@code _PORT} ({@link #from}); beside
 * an application's own HTTP server (the management-port pattern, e.g. the Spring Boot starter) it is
 * {@code PROMETHEUS_METRICS_SERVER_HOST} and {@code _PORT} ({@link #besideApplication}), so that a worker's
 * {@code PROMETHEUS_METRICS_PORT} in a shared environment never moves an HTTP service's metrics.
 *
 * <p>Durations are seconds, fractions allowed ({@code 2.5}). Every setter and every variable applies the same rule and
 * fails with the same one-line {@link InvalidConfigurationException} naming the variable, the value and what is
 * allowed. Request headers are limited to {@value #MAX_REQUEST_HEADER_BYTES} bytes (larger: {@code 431}). Equal
 * settings make equal configs; {@link #toString()} never shows a secret.
 */
public final class MetricsServerConfig {

  /** {@code PROMETHEUS_METRICS_HOST}: the address to bind. */
  public static final String HOST = "PROMETHEUS_METRICS_HOST";
  /** {@code PROMETHEUS_METRICS_PORT}: the port to bind. */
  public static final String PORT = "PROMETHEUS_METRICS_PORT";
  /** {@code PROMETHEUS_METRICS_SERVER_HOST}: the address to bind beside an application ({@link #besideApplication}). */
  public static final String SERVER_HOST = "PROMETHEUS_METRICS_SERVER_HOST";
  /** {@code PROMETHEUS_METRICS_SERVER_PORT}: the port beside an application; unset: no server of its own. */
  public static final String SERVER_PORT = "PROMETHEUS_METRICS_SERVER_PORT";
  /** {@code PROMETHEUS_METRICS_HEALTH_PATH}: the health path. */
  public static final String HEALTH_PATH = "PROMETHEUS_METRICS_HEALTH_PATH";
  /** {@code PROMETHEUS_METRICS_SERVER_THREADS}: threads that run requests. */
  public static final String THREADS = "PROMETHEUS_METRICS_SERVER_THREADS";
  /** {@code PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS}: open connections at most. */
  public static final String MAX_CONNECTIONS = "PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS";
  /** {@code PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS}: a connection silent this long is closed. */
  public static final String IDLE_TIMEOUT = "PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS";
  /** {@code PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS}: the deadline of a request's headers. */
  public static final String REQUEST_HEADER_TIMEOUT = "PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS";

  /** All interfaces: what a container needs to be scraped from outside. */
  public static final String DEFAULT_HOST = "0.0.0.0";
  /** The port when {@code PROMETHEUS_METRICS_PORT} is not set. */
  public static final int DEFAULT_PORT = 9090;
  /** The metrics path when {@code PROMETHEUS_METRICS_PATH} is not set. */
  public static final String DEFAULT_METRICS_PATH = "/metrics";
  /** The health path when {@code PROMETHEUS_METRICS_HEALTH_PATH} is not set. */
  public static final String DEFAULT_HEALTH_PATH = "/health";
  /** Request threads when {@code PROMETHEUS_METRICS_SERVER_THREADS} is not set. */
  public static final int DEFAULT_THREADS = 4;
  /** Connections when {@code PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS} is not set. */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;
  /** Idle timeout when {@code PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS} is not set: 30 s. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** Header deadline when {@code PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS} is not set: 5 s. */
  public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(5);
  /** The largest request header block accepted, in bytes. */
  public static final int MAX_REQUEST_HEADER_BYTES = 8192;

  private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");
  private static final String HOST_ALLOWED = "an IP address or host name such as 0.0.0.0, 127.0.0.1, :: or "
      + "metrics.internal (letters, digits, '.', '-', ':', '_', '%')";
  private static final String PORT_ALLOWED = "an integer from 0 to 65535 (0: any free port)";
  private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
  private static final String HEALTH_PATH_ALLOWED = "a path such as /health: '/' then segments of letters, digits, "
      + "'.', '_', '~' or '-' separated by single '/', no trailing '/' or wildcard";
  private static final int MAX_THREADS = 64;
  private static final int MAX_MAX_CONNECTIONS = 10_000;
  private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_IDLE_TIMEOUT = Duration.ofHours(1);
  private static final Duration MAX_REQUEST_HEADER_TIMEOUT = Duration.ofMinutes(5);

  private final String host;
  private final int port;
  private final MetricsEndpointConfig endpoint;
  private final String healthPath;
  private final int threads;
  private final int maxConnections;
  private final Duration idleTimeout;
  private final Duration requestHeaderTimeout;
  /** The variable the port was read from, named when it cannot be bound; {@code null} when set in code. */
  private final @Nullable String portVariable;
  /** The variable the host was read from, named when it cannot be resolved; {@code null} when set in code. */
  private final @Nullable String hostVariable;

  private MetricsServerConfig(Builder b) {
    this.portVariable = b.portVariable;
    this.hostVariable = b.hostVariable;
    this.host = b.host;
    this.port = b.port;
    this.endpoint = b.endpoint.build();
    this.healthPath = b.healthPath;
    this.threads = b.threads;
    this.maxConnections = b.maxConnections;
    this.idleTimeout = b.idleTimeout;
    this.requestHeaderTimeout = b.requestHeaderTimeout;
  }

  /**
   * Settings from system properties and environment variables.
   *
   * @throws InvalidConfigurationException on the first bad value
   */
  public static MetricsServerConfig fromEnvironment() {
    return from(ConfigSource.system());
  }

  /**
   * A standalone server's settings (a task worker's), every one read from {@code source}; unset ones keep their
   * defaults.
   *
   * @throws InvalidConfigurationException on the first bad value, e.g. {@code PROMETHEUS_METRICS_PORT=abc}
   */
  public static MetricsServerConfig from(ConfigSource source) {
    Objects.requireNonNull(source, "source");
    Builder b = builder().endpoint(MetricsEndpointConfig.from(source));
    String host = source.string(HOST);
    if (host != null) {
      b.host(host);
    }
    String port = source.string(PORT);
    if (port != null) {
      b.port(parseInt(PORT, port, 0, 65535, PORT_ALLOWED));
    }
    b.portVariable = PORT;   // set or defaulted, it is the variable that moves this port
    b.hostVariable = HOST;
    return readServerSettings(source, b).build();
  }

  /**
   * Settings of a metrics server beside an application's own HTTP server (Spring Boot's management-port pattern), or
   * empty when {@code PROMETHEUS_METRICS_SERVER_PORT} is not set. It serves the application's metrics endpoint (its path
   * and credentials, given here) on {@code PROMETHEUS_METRICS_SERVER_PORT} and {@code _HOST} (default all interfaces);
   * health path, threads and limits are read as {@link #from} reads them.
   *
   * <pre>{@code
   * Optional<MetricsServerConfig> own = MetricsServerConfig.besideApplication(ConfigSource.system(),
   *     MetricsEndpointConfig.builder().path("/api/v1/metrics").bearerToken(token).build());
   * own.ifPresent(config -> MetricsServer.builder().metrics(metrics).config(config).start());
   * }</pre>
   *
   * @param endpoint the application's metrics endpoint: its path (unset: {@value #DEFAULT_METRICS_PATH}) and credentials
   * @throws InvalidConfigurationException on the first bad value, naming its variable, e.g.
   *     {@code PROMETHEUS_METRICS_SERVER_PORT=abc}
   */
  public static Optional<MetricsServerConfig> besideApplication(ConfigSource source, MetricsEndpointConfig endpoint) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(endpoint, "endpoint");
    String port = source.string(SERVER_PORT);
    if (port == null) {
      return Optional.empty();
    }
    Builder b = builder().endpoint(endpoint);
    b.port = parseInt(SERVER_PORT, port, 0, 65535, PORT_ALLOWED);
    b.portVariable = SERVER_PORT;
    String host = source.string(SERVER_HOST);
    if (host != null) {
      b.host = checkHost(SERVER_HOST, host);
    }
    b.hostVariable = SERVER_HOST;
    return Optional.of(readServerSettings(source, b).build());
  }

  /** The health path and the {@code PROMETHEUS_METRICS_SERVER_*} threads and limits, into {@code b}. */
  private static Builder readServerSettings(ConfigSource source, Builder b) {
    String health = source.string(HEALTH_PATH);
    if (health != null) {
      b.healthPath(health);
    }
    String threads = source.string(THREADS);
    if (threads != null) {
      b.threads(parseInt(THREADS, threads, 1, MAX_THREADS, intAllowed(1, MAX_THREADS)));
    }
    String connections = source.string(MAX_CONNECTIONS);
    if (connections != null) {
      b.maxConnections(parseInt(MAX_CONNECTIONS, connections, 1, MAX_MAX_CONNECTIONS,
          intAllowed(1, MAX_MAX_CONNECTIONS)));
    }
    String idle = source.string(IDLE_TIMEOUT);
    if (idle != null) {
      b.idleTimeout(parseSeconds(IDLE_TIMEOUT, idle, MAX_IDLE_TIMEOUT));
    }
    String header = source.string(REQUEST_HEADER_TIMEOUT);
    if (header != null) {
      b.requestHeaderTimeout(parseSeconds(REQUEST_HEADER_TIMEOUT, header, MAX_REQUEST_HEADER_TIMEOUT));
    }
    return b;
  }

  /** The defaults, to change in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.portVariable = portVariable;
    b.hostVariable = hostVariable;
    b.endpoint = endpoint.toBuilder();
    b.healthPath = healthPath;
    b.threads = threads;
    b.maxConnections = maxConnections;
    b.idleTimeout = idleTimeout;
    b.requestHeaderTimeout = requestHeaderTimeout;
    return b;
  }

  /** The variable the port came from ({@link #PORT} or {@link #SERVER_PORT}), or {@code null} when set in code. */
  @Nullable String portVariable() {
    return portVariable;
  }

  /** The variable the host came from ({@link #HOST} or {@link #SERVER_HOST}), or {@code null} when set in code. */
  @Nullable String hostVariable() {
    return hostVariable;
  }

  /** The address to bind (default {@value #DEFAULT_HOST}: all interfaces). */
  public String host() {
    return host;
  }

  /** The port to bind (default {@value #DEFAULT_PORT}; 0: any free port). */
  public int port() {
    return port;
  }

  /** The metrics path's credentials and path. */
  public MetricsEndpointConfig endpoint() {
    return endpoint;
  }

  /** Where the exposition is served (default {@value #DEFAULT_METRICS_PATH}). */
  public String metricsPath() {
    return endpoint.pathOr(DEFAULT_METRICS_PATH);
  }

  /** Where health is answered, without credentials (default {@value #DEFAULT_HEALTH_PATH}). */
  public String healthPath() {
    return healthPath;
  }

  /** Threads that run requests (default {@value #DEFAULT_THREADS}); the server adds one selector thread. */
  public int threads() {
    return threads;
  }

  /** Open connections at most (default {@value #DEFAULT_MAX_CONNECTIONS}). */
  public int maxConnections() {
    return maxConnections;
  }

  /** A connection without a byte in or out for this long is closed (default 30 s). */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * A connection whose request headers have not arrived in full this long after it opened (or, on a kept-alive
   * connection, after the next request's first byte) is closed (default 5 s).
   */
  public Duration requestHeaderTimeout() {
    return requestHeaderTimeout;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MetricsServerConfig other)) {
      return false;
    }
    return host.equals(other.host) && port == other.port && endpoint.equals(other.endpoint)
        && healthPath.equals(other.healthPath) && threads == other.threads && maxConnections == other.maxConnections
        && idleTimeout.equals(other.idleTimeout) && requestHeaderTimeout.equals(other.requestHeaderTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, endpoint, healthPath, threads, maxConnections, idleTimeout, requestHeaderTimeout);
  }

  @Override
  public String toString() {
    return "MetricsServerConfig{host=" + host + ", port=" + port + ", metricsPath=" + metricsPath() + ", healthPath="
        + healthPath + ", endpoint=" + endpoint + ", threads=" + threads + ", maxConnections=" + maxConnections
        + ", idleTimeout=" + seconds(idleTimeout) + "s, requestHeaderTimeout=" + seconds(requestHeaderTimeout) + "s}";
  }

  static String checkHost(String host) {
    return checkHost(HOST, host);
  }

  private static String checkHost(String variable, String host) {
    if (host == null || !HOST_PATTERN.matcher(host).matches()) {
      throw new InvalidConfigurationException(variable, String.valueOf(host), HOST_ALLOWED);
    }
    return host;
  }

  static int checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new InvalidConfigurationException(PORT, String.valueOf(port), PORT_ALLOWED);
    }
    return port;
  }

  static String checkHealthPath(String path) {
    if (path == null || !PATH_PATTERN.matcher(path).matches()) {
      throw new InvalidConfigurationException(HEALTH_PATH, String.valueOf(path), HEALTH_PATH_ALLOWED);
    }
    return path;
  }

  private static int parseInt(String variable, String value, int min, int max, String allowed) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is allowed
    }
    throw new InvalidConfigurationException(variable, value, allowed);
  }

  private static int checkInt(String variable, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidConfigurationException(variable, String.valueOf(value), intAllowed(min, max));
    }
    return value;
  }

  private static String intAllowed(int min, int max) {
    return "an integer from " + min + " to " + max;
  }

  private static Duration parseSeconds(String variable, String value, Duration max) {
    Duration parsed = null;
    try {
      parsed = Duration.ofMillis(new BigDecimal(value.trim()).movePointRight(3).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      // not a number of whole milliseconds: reported below, with what is allowed
    }
    if (parsed == null || !inRange(parsed, max)) {
      throw new InvalidConfigurationException(variable, value, secondsAllowed(max));
    }
    return parsed;
  }

  private static Duration checkSeconds(String variable, Duration value, Duration max) {
    if (value == null || !inRange(value, max)) {
      throw new InvalidConfigurationException(variable, value == null ? "null" : seconds(value), secondsAllowed(max));
    }
    return value;
  }

  private static boolean inRange(Duration value, Duration max) {
    return value.compareTo(MIN_TIMEOUT) >= 0 && value.compareTo(max) <= 0;
  }

  private static String secondsAllowed(Duration max) {
    return "a number of seconds from " + seconds(MIN_TIMEOUT) + " to " + seconds(max) + " (fractions such as 2.5 "
        + "allowed)";
  }

  /** {@code 5}, {@code 2.5}, {@code 0.001}: a duration in seconds, as the variables take it. */
  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
  }

  /**
   * Builds a {@link MetricsServerConfig}; unset values keep their defaults. Each setter checks its value as the
   * matching variable is checked.
   *
   * <pre>{@code
   * MetricsServerConfig config = MetricsServerConfig.builder().port(9091).threads(2).build();
   * }</pre>
   */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private MetricsEndpointConfig.Builder endpoint = MetricsEndpointConfig.builder();
    private String healthPath = DEFAULT_HEALTH_PATH;
    private int threads = DEFAULT_THREADS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration requestHeaderTimeout = DEFAULT_REQUEST_HEADER_TIMEOUT;
    private @Nullable String portVariable;
    private @Nullable String hostVariable;

    private Builder() {}

    /**
     * The address to bind, e.g. {@code 127.0.0.1} for this machine only.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_HOST} if it is not an address or name
     */
    public Builder host(String host) {
      this.host = checkHost(host);
      this.hostVariable = null;   // set in code: no variable to name
      return this;
    }

    /**
     * The port to bind; 0 binds any free port (tests).
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_PORT} outside 0 to 65535
     */
    public Builder port(int port) {
      this.port = checkPort(port);
      this.portVariable = null;   // set in code: no variable to name
      return this;
    }

    /** The metrics path's path and credentials, replacing those set so far. */
    public Builder endpoint(MetricsEndpointConfig endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint").toBuilder();
      return this;
    }

    /**
     * Serves the exposition at {@code path} (default {@value #DEFAULT_METRICS_PATH}).
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_PATH} if it is not a plain path
     */
    public Builder metricsPath(String path) {
      endpoint.path(path);
      return this;
    }

    /**
     * Answers health at {@code path} (default {@value #DEFAULT_HEALTH_PATH}).
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_HEALTH_PATH} if it is not a plain path
     */
    public Builder healthPath(String path) {
      this.healthPath = checkHealthPath(path);
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} on the metrics path.
     *
     * @throws InvalidConfigurationException if the token is empty
     */
    public Builder bearerToken(String token) {
      endpoint.bearerToken(token);
      return this;
    }

    /**
     * Requires HTTP basic auth with these credentials on the metrics path.
     *
     * @throws InvalidConfigurationException if a credential is empty or the name contains ':'
     */
    public Builder basicAuth(String username, String password) {
      endpoint.basicAuth(username, password);
      return this;
    }

    /**
     * Threads that run requests, 1 to 64; the server adds one selector thread.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_SERVER_THREADS} outside that range
     */
    public Builder threads(int threads) {
      this.threads = checkInt(THREADS, threads, 1, MAX_THREADS);
      return this;
    }

    /**
     * Open connections at most, 1 to 10000; beyond, new connections wait in the accept queue.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS} outside that
     *     range
     */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = checkInt(MAX_CONNECTIONS, maxConnections, 1, MAX_MAX_CONNECTIONS);
      return this;
    }

    /**
     * Closes a connection without a byte in or out for this long, 1 s to 1 h.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS} outside
     *     that range
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = checkSeconds(IDLE_TIMEOUT, timeout, MAX_IDLE_TIMEOUT);
      return this;
    }

    /**
     * Closes a connection whose request headers have not arrived in full this long after it opened (on a kept-alive
     * connection: after the next request's first byte), 1 s to 5 min.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS}
     *     outside that range
     */
    public Builder requestHeaderTimeout(Duration timeout) {
      this.requestHeaderTimeout = checkSeconds(REQUEST_HEADER_TIMEOUT, timeout, MAX_REQUEST_HEADER_TIMEOUT);
      return this;
    }

    /**
     * The immutable config.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_PATH} when it equals the health path
     */
    public MetricsServerConfig build() {
      MetricsServerConfig config = new MetricsServerConfig(this);
      if (config.metricsPath().equals(config.healthPath)) {
        throw new InvalidConfigurationException(MetricsEndpointConfig.PATH, config.metricsPath(),
            "a path other than the health path (" + HEALTH_PATH + "=" + config.healthPath + ")");
      }
      return config;
    }
  }
}
