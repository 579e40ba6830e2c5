package io.pybase.metrics.httpserver;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.net.BindException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

/**
 * A standalone metrics server: a catalogue's exposition on its own port, with its own small thread pool, so scrapes and
 * health probes answer whatever the application's own server is doing (the management-port pattern) and whatever slow
 * or idle clients do. Built on Jetty 12 core (no servlet), which parses request headers without holding a thread; on
 * top of it a connection limit, an idle timeout and a deadline for a request's headers (see
 * {@link MetricsServerConfig}).
 *
 * <pre>{@code
 * // beside an HTTP service's own port (the app keeps serving /api/v1/metrics on it too):
 * try (MetricsServer server = MetricsServer.builder().metrics(metrics).port(8001).start()) {
 *   runApplication();                          // scrape http://host:8001/metrics, probe http://host:8001/health
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Paths</caption>
 *   <tr><td>{@code /metrics} ({@code PROMETHEUS_METRICS_PATH})</td><td>the exposition: Prometheus text, OpenMetrics
 *       or protobuf by {@code Accept}, gzip by {@code Accept-Encoding}, {@code ?name[]=} filters; {@code 401} with a
 *       {@code WWW-Authenticate} challenge without the configured credentials; {@code 404} saying so with
 *       {@code PROMETHEUS_ENABLED=false}</td></tr>
 *   <tr><td>{@code /health} ({@code PROMETHEUS_METRICS_HEALTH_PATH})</td><td>{@code 200 ok}, no credentials needed;
 *       with metrics off {@code 200 ok (metrics disabled: PROMETHEUS_ENABLED=false)}</td></tr>
 *   <tr><td>{@code /}</td><td>{@code 200}, one line naming both paths</td></tr>
 *   <tr><td>anything else</td><td>{@code 404}; a method other than {@code GET} or {@code HEAD}: {@code 405}</td></tr>
 * </table>
 *
 * <p>The server runs with metrics on or off: health probes of a process must not depend on its metrics switch. Its
 * threads are daemon threads named {@code pybase-metrics-server-*}; {@link #close()} stops them and frees the port.
 */
public final class MetricsServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(MetricsServer.class.getName());

  private final Server server;
  private final ServerConnector connector;
  private final RequestHeaderDeadline deadline;
  private final MetricsServerConfig config;
  private final PyBaseMetrics metrics;
  private volatile boolean closed;

  private MetricsServer(Server server, ServerConnector connector, RequestHeaderDeadline deadline,
      MetricsServerConfig config, PyBaseMetrics metrics) {
    this.server = server;
    this.connector = connector;
    this.deadline = deadline;
    this.config = config;
    this.metrics = metrics;
  }

  /**
   * Starts a server for {@link PyBaseMetrics#get()} configured from the environment.
   *
   * @throws InvalidConfigurationException if a setting is invalid
   * @throws MetricsServerStartException if the port cannot be bound
   */
  public static MetricsServer start() {
    return builder().start();
  }

  /** Options of a server; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bound port (the real one when 0 was asked), or -1 once closed. */
  public int port() {
    return closed ? -1 : connector.getLocalPort();
  }

  /** The settings it runs with. */
  public MetricsServerConfig config() {
    return config;
  }

  /** The catalogue it serves. */
  public PyBaseMetrics metrics() {
    return metrics;
  }

  /** Whether it runs: started and not closed. */
  public boolean isRunning() {
    return !closed && server.isRunning();
  }

  /** Connections closed because their request headers missed the deadline, since start. */
  long connectionsClosedForSlowHeaders() {
    return deadline.closedConnections();
  }

  /** Stops accepting, closes every connection, stops the threads and frees the port. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop(server);
  }

  private static void stop(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "Stopping the metrics server failed", e);
    }
  }

  /**
   * Options of a {@link MetricsServer}. Settings resolve in this order: the builder's own {@link #host},
   * {@link #port} and {@link #healthPath}, then {@link #config(MetricsServerConfig)} (or the variables of
   * {@link #configSource(ConfigSource)}), then the environment, then the defaults.
   *
   * <pre>{@code
   * MetricsServer server = MetricsServer.builder()
   *     .metrics(metrics)                                   // default: PyBaseMetrics.get()
   *     .config(MetricsServerConfig.builder().threads(2).bearerToken(token).build())   // default: the environment
   *     .host("127.0.0.1").port(8001)                        // default: PROMETHEUS_METRICS_HOST, _PORT
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable PyBaseMetrics metrics;
    private @Nullable MetricsServerConfig config;
    private @Nullable ConfigSource configSource;
    private @Nullable String host;
    private @Nullable Integer port;
    private @Nullable String healthPath;

    private Builder() {}

    /** The catalogue to serve (default: {@link PyBaseMetrics#get()}). */
    public Builder metrics(PyBaseMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Every setting from this config instead of the environment. */
    public Builder config(MetricsServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.configSource = null;
      return this;
    }

    /** Every setting read from {@code source} when {@link #start()} runs (default: {@link ConfigSource#system()}). */
    public Builder configSource(ConfigSource source) {
      this.configSource = Objects.requireNonNull(source, "source");
      this.config = null;
      return this;
    }

    /**
     * The address to bind, over the config's.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_HOST} if it is not an address or name
     */
    public Builder host(String host) {
      this.host = MetricsServerConfig.checkHost(host);
      return this;
    }

    /**
     * The port to bind, over the config's; 0 binds any free port.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_PORT} outside 0 to 65535
     */
    public Builder port(int port) {
      this.port = MetricsServerConfig.checkPort(port);
      return this;
    }

    /**
     * The health path, over the config's.
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_HEALTH_PATH} if it is not a plain path
     */
    public Builder healthPath(String path) {
      this.healthPath = MetricsServerConfig.checkHealthPath(path);
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws InvalidConfigurationException if a setting is invalid, e.g. the metrics path equals the health path
     * @throws MetricsServerStartException if the port cannot be bound, e.g. it is in use
     */
    public MetricsServer start() {
      MetricsServerConfig base = config != null ? config
          : MetricsServerConfig.from(configSource != null ? configSource : ConfigSource.system());
      MetricsServerConfig settings = base;
      if (host != null || port != null || healthPath != null) {
        MetricsServerConfig.Builder b = base.toBuilder();
        if (host != null) {
          b.host(host);
        }
        if (port != null) {
          b.port(port);
        }
        if (healthPath != null) {
          b.healthPath(healthPath);
        }
        settings = b.build();
      }
      return launch(metrics != null ? metrics : PyBaseMetrics.get(), settings);
    }

    // ConnectionLimit, not its successor NetworkConnectionLimit: it is in every Jetty 12.0 and 12.1, the successor only
    // from 12.0.24 (the first Spring Boot 3.5 releases manage an older 12.0). Jetty deprecates it because it also counts
    // the "virtual" connections of WebSocket and HTTP/2; this HTTP/1.1 server has none, so it counts TCP connections.
    @SuppressWarnings("removal")
    private static MetricsServer launch(PyBaseMetrics metrics, MetricsServerConfig config) {
      // request threads + the selector; nothing reserved, so every thread is one the settings name
      QueuedThreadPool threads = new QueuedThreadPool(config.threads() + 1, 2);
      threads.setName("pybase-metrics-server");
      threads.setDaemon(true);
      threads.setReservedThreads(0);
      Server server = new Server(threads);
      ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("pybase-metrics-server-scheduler", true);
      server.addBean(scheduler);

      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setRequestHeaderSize(MetricsServerConfig.MAX_REQUEST_HEADER_BYTES);
      // no acceptor thread: the selector accepts, so slow clients can hold no thread at all
      ServerConnector connector = new ServerConnector(server, null, scheduler, null, 0, 1,
          new HttpConnectionFactory(http));
      connector.setHost(config.host());
      connector.setPort(config.port());
      connector.setIdleTimeout(config.idleTimeout().toMillis());
      server.addConnector(connector);
      server.addBean(new ConnectionLimit(config.maxConnections(), connector));
      RequestHeaderDeadline deadline = new RequestHeaderDeadline(config.requestHeaderTimeout(), scheduler,
          () -> threads.getQueueSize() > 0);
      connector.addBean(deadline);
      server.setHandler(new MetricsServerHandler(metrics, config, deadline));
      try {
        server.start();
      } catch (Exception e) {
        stop(server);
        throw startFailure(e, config);
      }
      MetricsServer started = new MetricsServer(server, connector, deadline, config, metrics);
      LOG.log(System.Logger.Level.INFO, "Metrics at http://" + config.host() + ":" + started.port()
          + config.metricsPath() + (metrics.config().enabled() ? "" : " (disabled: PROMETHEUS_ENABLED=false)")
          + ", health at " + config.healthPath());
      return started;
    }

    /** The one-line failure, naming the variable the port (or host) came from unless it was set in code. */
    private static MetricsServerStartException startFailure(Exception e, MetricsServerConfig config) {
      String portVariable = config.portVariable();
      String hostVariable = config.hostVariable();
      String where = config.host();
      int port = config.port();
      String reason;
      Throwable bind = cause(e, BindException.class);
      if (bind != null) {
        String detail = String.valueOf(bind.getMessage());
        reason = detail.contains("in use") ? "port " + port + " on " + where + " is already in use"
            : "cannot bind " + where + ":" + port + " (" + detail + ")";
      } else if (cause(e, UnresolvedAddressException.class) != null) {
        reason = "cannot resolve the address " + where + (hostVariable == null ? "" : " (" + hostVariable + ")");
      } else {
        reason = "cannot listen on " + where + ":" + port + " (" + e + ")";
      }
      return new MetricsServerStartException("Cannot start the metrics server: " + reason
          + (portVariable == null ? "" : " (" + portVariable + "=" + port + ")"), portVariable, where, port, e);
    }

    private static @Nullable Throwable cause(Throwable e, Class<? extends Throwable> type) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (type.isInstance(t)) {
          return t;
        }
      }
      return null;
    }
  }
}
