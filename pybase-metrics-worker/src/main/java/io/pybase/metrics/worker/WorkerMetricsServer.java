package io.pybase.metrics.worker;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.httpserver.MetricsServer;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The worker's own metrics endpoint: a {@link MetricsServer} (its own port and threads, a connection limit, an idle
 * timeout and a request-header deadline, so slow clients cannot take it offline) serving the worker's catalogue at
 * {@code /metrics} and health at {@code /health}, plus the worker gauges: {@code celery_active_workers} initialised
 * for {@code WORKER_NAME} and, when given a reader, {@code celery_queue_length}.
 *
 * <pre>{@code
 * try (WorkerMetricsServer server = WorkerMetricsServer.builder()
 *     .queueLength(() -> jedis.llen("extraction"))        // celery_queue_length{worker_name=$WORKER_NAME}
 *     .start()) {
 *   runWorker();                                         // the server stops with the worker
 * }
 * }</pre>
 *
 * <p>Every server setting comes from the environment as {@link MetricsServerConfig} documents
 * ({@code PROMETHEUS_METRICS_PORT} default 9090, {@code PROMETHEUS_METRICS_HOST} default all interfaces,
 * {@code PROMETHEUS_METRICS_PATH}, {@code PROMETHEUS_METRICS_BEARER_TOKEN} or {@code _USERNAME}/{@code _PASSWORD},
 * threads, connections and timeouts), the worker name from {@code WORKER_NAME}. A bad value stops start-up with a
 * one-line {@link InvalidConfigurationException} naming the variable; a port in use with a
 * {@link MetricsServerStartException}. With {@code PROMETHEUS_ENABLED=false} nothing is recorded and the metrics path
 * answers {@code 404}, but the server still runs so {@code /health} keeps answering the worker's probes.
 */
public final class WorkerMetricsServer implements AutoCloseable {

  /** The default health path. */
  public static final String DEFAULT_HEALTH_PATH = MetricsServerConfig.DEFAULT_HEALTH_PATH;
  /** {@code PROMETHEUS_METRICS_PORT}: the port of the worker's metrics server. */
  public static final String METRICS_PORT = MetricsServerConfig.PORT;
  /** The port when {@code PROMETHEUS_METRICS_PORT} is not set. */
  public static final int DEFAULT_PORT = MetricsServerConfig.DEFAULT_PORT;

  private final MetricsServer server;
  private final @Nullable QueueLengthRegistration queueLength;
  private final String workerName;
  private volatile boolean closed;

  private WorkerMetricsServer(MetricsServer server, @Nullable QueueLengthRegistration queueLength, String workerName) {
    this.server = server;
    this.queueLength = queueLength;
    this.workerName = workerName;
  }

  /** Starts a server configured from the environment, on the default registry. */
  public static WorkerMetricsServer start() {
    return builder().start();
  }

  /** Options of a worker's server; see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bound port (the real one when 0 was asked), or -1 once closed. */
  public int port() {
    return closed ? -1 : server.port();
  }

  /** Whether the server was started and is not closed. */
  public boolean isRunning() {
    return !closed && server.isRunning();
  }

  /** The {@code worker_name} of this worker's gauges. */
  public String workerName() {
    return workerName;
  }

  /** The catalogue this server exposes; record into it. */
  public PyBaseMetrics metrics() {
    return server.metrics();
  }

  /** The server's settings: address, paths, credentials, limits. */
  public MetricsServerConfig serverConfig() {
    return server.config();
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
    server.close();
  }

  /**
   * Options of a {@link WorkerMetricsServer}. Settings resolve in this order: the builder's own value
   * ({@link #host}, {@link #port}, {@link #healthPath}, {@link #workerName}), then {@link #serverConfig} and
   * {@link #config(PyBaseMetricsConfig)} (or the variables of {@link #configSource(ConfigSource)}), then the config of
   * {@link #metrics(PyBaseMetrics)}, then the environment.
   *
   * <pre>{@code
   * WorkerMetricsServer server = WorkerMetricsServer.builder()
   *     .metrics(metrics)                      // default: PyBaseMetrics.register(defaultRegistry, config)
   *     .host("127.0.0.1").port(0)             // default: PROMETHEUS_METRICS_HOST (all interfaces), _PORT (9090)
   *     .serverConfig(MetricsServerConfig.builder().bearerToken(token).threads(2).build())   // default: environment
   *     .workerName("extraction")              // default: WORKER_NAME
   *     .queueLength(() -> jedis.llen("extraction")).queueLengthTimeout(Duration.ofMillis(500))
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable PyBaseMetrics metrics;
    private @Nullable PyBaseMetricsConfig config;
    private @Nullable ConfigSource configSource;
    private @Nullable MetricsServerConfig serverConfig;
    private final MetricsServer.Builder http = MetricsServer.builder();
    private @Nullable String workerName;
    private @Nullable LongSupplier queueLength;
    private Duration queueLengthTimeout = QueueLengthRegistration.DEFAULT_TIMEOUT;

    private Builder() {}

    /** The catalogue to serve and record into. */
    public Builder metrics(PyBaseMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** The on/off switch and recording settings from this config. */
    public Builder config(PyBaseMetricsConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Every setting not given in code read from {@code source} when {@link #start()} runs. */
    public Builder configSource(ConfigSource source) {
      this.configSource = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The server's address, paths, credentials and limits from this config instead of the environment. */
    public Builder serverConfig(MetricsServerConfig serverConfig) {
      this.serverConfig = Objects.requireNonNull(serverConfig, "serverConfig");
      return this;
    }

    /**
     * The address to bind, e.g. {@code 127.0.0.1} (default: {@code PROMETHEUS_METRICS_HOST}, else all interfaces).
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_HOST} if it is not an address or name
     */
    public Builder host(String host) {
      http.host(host);
      return this;
    }

    /**
     * The port, overriding {@code PROMETHEUS_METRICS_PORT}; 0 binds a free port (tests).
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_PORT} outside 0 to 65535
     */
    public Builder port(int port) {
      http.port(port);
      return this;
    }

    /** The worker name, overriding {@code WORKER_NAME}. */
    public Builder workerName(String workerName) {
      this.workerName = WorkerNames.require(workerName);
      return this;
    }

    /**
     * The health path (default {@code PROMETHEUS_METRICS_HEALTH_PATH}, else {@value #DEFAULT_HEALTH_PATH}).
     *
     * @throws InvalidConfigurationException naming {@code PROMETHEUS_METRICS_HEALTH_PATH} if it is not a plain path
     */
    public Builder healthPath(String healthPath) {
      http.healthPath(healthPath);
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
     * Starts the server; with {@code PROMETHEUS_ENABLED=false} it serves health only.
     *
     * @throws InvalidConfigurationException if a setting is invalid, e.g. {@code PROMETHEUS_METRICS_PORT=abc} or a
     *     metrics path equal to the health path
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
      String worker = workerName != null ? workerName : WorkerNames.fromSource(source);
      if (serverConfig != null) {
        http.config(serverConfig);
      } else {
        http.configSource(source);
      }
      PyBaseMetrics catalogue = metrics != null ? metrics
          : PyBaseMetrics.register(PrometheusRegistry.defaultRegistry, settings);
      QueueLengthRegistration queue = null;
      if (catalogue.config().enabled()) {
        catalogue.workers().initWorker(worker);
        if (queueLength != null) {
          queue = QueueLengthRegistration.register(catalogue, worker, queueLength, queueLengthTimeout);
        }
      }
      try {
        return new WorkerMetricsServer(http.metrics(catalogue).start(), queue, worker);
      } catch (RuntimeException e) {
        if (queue != null) {
          queue.close();
        }
        throw e;
      }
    }
  }
}
