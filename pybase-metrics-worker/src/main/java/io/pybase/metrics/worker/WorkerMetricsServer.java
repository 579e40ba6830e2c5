package io.pybase.metrics.worker;

import io.pybase.metrics.WorkerMetrics;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The worker's own metrics endpoint: client_java's {@link HTTPServer} serving {@code /metrics} (and its
 * {@code /-/healthy}), plus a health path ({@code /health}, answering {@code 200 ok}). Port from
 * {@code PROMETHEUS_METRICS_PORT} (default 9090), worker name from {@code WORKER_NAME}.
 *
 * <pre>{@code
 * try (WorkerMetricsServer server = WorkerMetricsServer.builder()
 *     .queueLength(() -> jedis.llen("extraction"))        // celery_queue_length{worker_name=$WORKER_NAME}
 *     .start()) {
 *   runWorker();                                         // the server stops with the worker
 * }
 * }</pre>
 *
 * <p>Start-up stops with a one-line message naming {@code PROMETHEUS_METRICS_PORT} when the port is not a number
 * from 1 to 65535 ({@link InvalidConfigurationException}) or is in use ({@link MetricsServerStartException}).
 * With {@code PROMETHEUS_ENABLED=false} no server is started and no port is bound: {@link #isRunning()} is
 * {@code false} and {@link #close()} does nothing.
 */
public final class WorkerMetricsServer implements AutoCloseable {

  /** The default health path. */
  public static final String DEFAULT_HEALTH_PATH = "/health";
  /** The metrics path. */
  public static final String METRICS_PATH = "/metrics";
  /** {@code PROMETHEUS_METRICS_PORT}: the port of the worker's metrics server. */
  public static final String METRICS_PORT = "PROMETHEUS_METRICS_PORT";
  /** The port when {@code PROMETHEUS_METRICS_PORT} is not set. */
  public static final int DEFAULT_PORT = 9090;

  private static final String PORT_ALLOWED = "an integer from 0 to 65535 (0: any free port)";

  private static final System.Logger LOG = System.getLogger(WorkerMetricsServer.class.getName());

  private final @Nullable HTTPServer server;
  private final @Nullable QueueLengthRegistration queueLength;
  private final PyBaseMetrics metrics;
  private final String workerName;
  private volatile boolean closed;

  private WorkerMetricsServer(@Nullable HTTPServer server, @Nullable QueueLengthRegistration queueLength,
      PyBaseMetrics metrics, String workerName) {
    this.server = server;
    this.queueLength = queueLength;
    this.metrics = metrics;
    this.workerName = workerName;
  }

  /** Starts a server configured from the environment, on the default registry. */
  public static WorkerMetricsServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The bound port (the real one when 0 was asked), or -1 when no server runs. */
  public int port() {
    HTTPServer running = server;
    return running != null && !closed ? running.getPort() : -1;
  }

  /** Whether a server was started and is not closed. */
  public boolean isRunning() {
    return server != null && !closed;
  }

  /** The {@code worker_name} of this worker's gauges. */
  public String workerName() {
    return workerName;
  }

  /** The catalogue this server exposes; record into it. */
  public PyBaseMetrics metrics() {
    return metrics;
  }

  /** Stops the server and the queue-length reader. Safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (queueLength != null) {
      queueLength.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Options of a {@link WorkerMetricsServer}. Settings resolve in this order: the builder's own value
   * ({@link #port(int)}, {@link #workerName(String)}), then {@link #config(PyBaseMetricsConfig)} (or
   * {@link #configSource(ConfigSource)}), then the config of {@link #metrics(PyBaseMetrics)}, then the environment.
   *
   * <pre>{@code
   * WorkerMetricsServer server = WorkerMetricsServer.builder()
   *     .metrics(metrics)                      // default: PyBaseMetrics.register(defaultRegistry, config)
   *     .host("127.0.0.1").port(0)             // default: all interfaces, PROMETHEUS_METRICS_PORT
   *     .workerName("extraction")              // default: WORKER_NAME
   *     .healthPath("/health")
   *     .queueLength(() -> jedis.llen("extraction")).queueLengthTimeout(Duration.ofMillis(500))
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable PyBaseMetrics metrics;
    private @Nullable PyBaseMetricsConfig config;
    private @Nullable ConfigSource configSource;
    private @Nullable String host;
    private @Nullable Integer port;
    private @Nullable String workerName;
    private String healthPath = DEFAULT_HEALTH_PATH;
    private @Nullable LongSupplier queueLength;
    private Duration queueLengthTimeout = QueueLengthRegistration.DEFAULT_TIMEOUT;

    private Builder() {}

    /** The catalogue to serve and record into. */
    public Builder metrics(PyBaseMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Port, worker name and on/off switch from this config. */
    public Builder config(PyBaseMetricsConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      this.configSource = null;
      return this;
    }

    /** Port, worker name and on/off switch read from {@code source} when {@link #start()} runs. */
    public Builder configSource(ConfigSource source) {
      this.configSource = Objects.requireNonNull(source, "source");
      this.config = null;
      return this;
    }

    /** The address to bind, e.g. {@code 127.0.0.1} (default: all interfaces). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port, overriding {@code PROMETHEUS_METRICS_PORT}; 0 binds a free port (tests). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new InvalidConfigurationException(METRICS_PORT, String.valueOf(port), PORT_ALLOWED);
      }
      this.port = port;
      return this;
    }

    /** The worker name, overriding {@code WORKER_NAME}. */
    public Builder workerName(String workerName) {
      this.workerName = WorkerNames.require(workerName);
      return this;
    }

    /** The health path (default {@value #DEFAULT_HEALTH_PATH}). */
    public Builder healthPath(String healthPath) {
      if (healthPath == null || !healthPath.startsWith("/") || healthPath.equals("/")
          || healthPath.equals(METRICS_PATH)) {
        throw new IllegalArgumentException("healthPath must start with '/' and differ from / and " + METRICS_PATH
            + ", got " + healthPath);
      }
      this.healthPath = healthPath;
      return this;
    }

    /** Registers the worker's queue length, read at scrape time (see {@link QueueLengthRegistration}); closed with the server. */
    public Builder queueLength(LongSupplier supplier) {
      this.queueLength = Objects.requireNonNull(supplier, "supplier");
      return this;
    }

    /** The bound of one queue-length read (default {@link QueueLengthRegistration#DEFAULT_TIMEOUT}). */
    public Builder queueLengthTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("queueLengthTimeout must be positive, got " + timeout);
      }
      this.queueLengthTimeout = timeout;
      return this;
    }

    /**
     * Starts the server (unless {@code PROMETHEUS_ENABLED=false}).
     *
     * @throws InvalidConfigurationException if a setting is invalid, e.g. {@code PROMETHEUS_METRICS_PORT=abc}
     * @throws MetricsServerStartException if the port cannot be bound, e.g. it is in use
     */
    public WorkerMetricsServer start() {
      ConfigSource source = configSource != null ? configSource : ConfigSource.system();
      PyBaseMetricsConfig settings = config;
      if (settings == null) {
        settings = metrics != null ? metrics.config() : PyBaseMetricsConfig.from(source);
      }
      if (metrics != null && !metrics.config().equals(settings)) {
        throw new IllegalStateException("WorkerMetricsServer was given a catalogue and a config that differ ("
            + String.join("; ", metrics.config().differencesFrom(settings)) + "); give one of them");
      }
      PyBaseMetrics catalogue = metrics != null ? metrics
          : PyBaseMetrics.register(PrometheusRegistry.defaultRegistry, settings);
      String worker = workerName != null ? workerName : WorkerNames.fromSource(source);
      if (!catalogue.config().enabled()) {
        LOG.log(System.Logger.Level.INFO, "PROMETHEUS_ENABLED=false: no worker metrics server started for "
            + worker);
        return new WorkerMetricsServer(null, null, catalogue, worker);
      }
      int bindPort = port != null ? port : port(source);
      String where = host != null ? host : "0.0.0.0";
      catalogue.workers().initWorker(worker);
      @Nullable QueueLengthRegistration queue = queueLength == null ? null
          : QueueLengthRegistration.register(catalogue, worker, queueLength, queueLengthTimeout);
      HTTPServer.Builder http = HTTPServer.builder()
          .port(bindPort)
          .registry(catalogue.registry())
          .metricsHandlerPath(METRICS_PATH)
          .defaultHandler(new HealthHandler(healthPath, METRICS_PATH));
      if (host != null) {
        http.hostname(host);
      }
      try {
        HTTPServer server = http.buildAndStart();
        LOG.log(System.Logger.Level.INFO, "Worker metrics for " + worker + " at http://" + where + ":"
            + server.getPort() + METRICS_PATH);
        return new WorkerMetricsServer(server, queue, catalogue, worker);
      } catch (IOException | RuntimeException e) {
        if (queue != null) {
          queue.close();
        }
        throw startFailure(e, where, bindPort);
      }
    }

    private static int port(ConfigSource source) {
      String value = source.string(METRICS_PORT);
      if (value == null) {
        return DEFAULT_PORT;
      }
      try {
        int parsed = Integer.parseInt(value);
        if (parsed >= 0 && parsed <= 65535) {
          return parsed;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new InvalidConfigurationException(METRICS_PORT, value, PORT_ALLOWED);
    }

    private static MetricsServerStartException startFailure(Exception e, String where, int bindPort) {
      String variable = METRICS_PORT;
      String reason = bindFailure(e)
          ? "port " + bindPort + " on " + where + " is already in use"
          : "cannot listen on " + where + ":" + bindPort + " (" + e + ")";
      return new MetricsServerStartException("Cannot start the worker metrics server: " + reason + " ("
          + variable + "=" + bindPort + ")", variable, bindPort, e);
    }

    private static boolean bindFailure(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          return true;
        }
      }
      return false;
    }
  }
}
