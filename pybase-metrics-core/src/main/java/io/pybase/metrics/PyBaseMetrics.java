package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.MetricWithFixedMetadata;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.cache.CacheMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.db.ConnectionPoolStats;
import io.pybase.metrics.db.DbMetrics;
import io.pybase.metrics.http.HttpMetrics;
import io.pybase.metrics.label.LabelValueGuard;
import io.pybase.metrics.task.TaskMetrics;
import io.pybase.metrics.task.WorkerMetrics;
import io.pybase.metrics.websocket.WebSocketMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The metric catalogue of one registry, and its typed recording API. Every metric of {@link MetricDefinition} is
 * registered once per registry: asking again for the same registry returns the same instance, never a
 * duplicate-registration error.
 *
 * <pre>{@code
 * PyBaseMetrics metrics = PyBaseMetrics.get();                        // default registry, config from environment
 * PyBaseMetrics mine = PyBaseMetrics.register(registry, PyBaseMetricsConfig.fromEnvironment());
 *
 * metrics.http().requestFinished("GET", "/api/v1/health", 200, elapsedNanos);
 * metrics.db().queryFinished("select", elapsedNanos);
 * metrics.cache().record("get", CacheStatus.HIT);
 * metrics.tasks().task("send_email").succeeded(elapsedNanos);
 * metrics.extractions().task("pdf").failed(elapsedNanos);
 * metrics.websocket().opened();
 * }</pre>
 *
 * <p>With {@code PROMETHEUS_ENABLED=false} nothing is registered and every recording call returns at once.
 */
public final class PyBaseMetrics {

  private static final Map<PrometheusRegistry, PyBaseMetrics> BY_REGISTRY = new WeakHashMap<>();

  private final PyBaseMetricsConfig config;
  private final PrometheusRegistry registry;
  private final HttpMetrics http;
  private final TaskMetrics tasks;
  private final TaskMetrics extractions;
  private final DbMetrics db;
  private final CacheMetrics cache;
  private final WebSocketMetrics websocket;
  private final WorkerMetrics workers;
  private final Map<String, ConnectionPoolStats> pools = new ConcurrentHashMap<>();
  /** Every metric built by the constructor, registered at its end unless recording is off. */
  private final List<MetricWithFixedMetadata> built = new ArrayList<>();

  private PyBaseMetrics(PrometheusRegistry registry, PyBaseMetricsConfig config) {
    this.config = config;
    this.registry = registry;
    boolean on = config.enabled();
    int cap = config.maxLabelValues();

    Counter overflow = counter(MetricDefinition.LABEL_OVERFLOW);
    CounterDataPoint recordingErrors = counter(MetricDefinition.RECORDING_ERRORS);

    Counter requests = counter(MetricDefinition.HTTP_REQUESTS);
    Histogram latency = histogram(MetricDefinition.API_LATENCY);
    LongAdder inFlight = new LongAdder();
    this.http = new HttpMetrics(on, requests, latency, inFlight,
        guard(cap, overflow, MetricDefinition.HTTP_REQUESTS, "endpoint"), recordingErrors);

    this.tasks = new TaskMetrics(on, counter(MetricDefinition.CELERY_TASKS),
        histogram(MetricDefinition.CELERY_TASK_DURATION), counter(MetricDefinition.CELERY_TASK_RETRIES),
        guard(cap, overflow, MetricDefinition.CELERY_TASKS, "task_name"), recordingErrors);
    this.extractions = new TaskMetrics(on, counter(MetricDefinition.EXTRACTION_TASKS),
        histogram(MetricDefinition.EXTRACTION_DURATION), null,
        guard(cap, overflow, MetricDefinition.EXTRACTION_TASKS, "task_type"), recordingErrors);

    this.db = new DbMetrics(on, histogram(MetricDefinition.DB_QUERY_DURATION), counter(MetricDefinition.DB_QUERY_ERRORS),
        guard(cap, overflow, MetricDefinition.DB_QUERY_DURATION, "query_type"), recordingErrors);
    this.cache = new CacheMetrics(on, counter(MetricDefinition.CACHE_OPERATIONS),
        guard(cap, overflow, MetricDefinition.CACHE_OPERATIONS, "operation"), recordingErrors);

    this.websocket = new WebSocketMetrics(on);
    this.workers = new WorkerMetrics(on, gauge(MetricDefinition.CELERY_POOL_SIZE),
        counter(MetricDefinition.CELERY_QUEUE_LENGTH_READ_ERRORS));

    // Gauges read at scrape time: nothing on the hot path but a LongAdder or AtomicLong update.
    callbackGauge(MetricDefinition.HTTP_IN_FLIGHT, cb -> cb.call((double) inFlight.sum()));
    callbackGauge(MetricDefinition.WEBSOCKET_CONNECTIONS, cb -> cb.call((double) websocket.current()));
    callbackGauge(MetricDefinition.CELERY_ACTIVE_WORKERS, workers::collectActive);
    callbackGauge(MetricDefinition.CELERY_QUEUE_LENGTH, workers::collectQueueLengths);
    callbackGauge(MetricDefinition.DB_POOL_CONNECTIONS, cb -> pools.forEach((name, stats) -> {
      cb.call(stats.active(), name, "active");
      cb.call(stats.idle(), name, "idle");
      cb.call(stats.pending(), name, "pending");
    }));
    callbackGauge(MetricDefinition.DB_POOL_MAX, cb -> pools.forEach((name, stats) -> cb.call(stats.max(), name)));

    if (on) {
      for (MetricWithFixedMetadata m : built) {
        registry.register(m);
      }
      if (config.jvmMetrics()) {
        JvmMetrics.builder().register(registry);
      }
    }
  }

  /** The catalogue of the default registry, configured from the environment. */
  public static PyBaseMetrics get() {
    return register(PrometheusRegistry.defaultRegistry);
  }

  /** The catalogue of {@code registry}, configured from the environment on first use. */
  public static PyBaseMetrics register(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      PyBaseMetrics existing = BY_REGISTRY.get(registry);
      if (existing != null) {
        return existing;
      }
      return register(registry, PyBaseMetricsConfig.fromEnvironment());
    }
  }

  /**
   * The catalogue of {@code registry}. The first call for a registry registers every metric with {@code config};
   * later calls return that same instance, whatever config they pass.
   */
  public static PyBaseMetrics register(PrometheusRegistry registry, PyBaseMetricsConfig config) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, r -> new PyBaseMetrics(r, config));
    }
  }

  /** HTTP request recording (the servlet filter's). */
  public HttpMetrics http() {
    return http;
  }

  /** Worker task recording: {@code celery_task_*}. */
  public TaskMetrics tasks() {
    return tasks;
  }

  /** Extraction task recording by file type: {@code extraction_task_*}. */
  public TaskMetrics extractions() {
    return extractions;
  }

  /** Database query recording. */
  public DbMetrics db() {
    return db;
  }

  /** Cache operation recording. */
  public CacheMetrics cache() {
    return cache;
  }

  /** The WebSocket connections gauge. */
  public WebSocketMetrics websocket() {
    return websocket;
  }

  /** The worker gauges: queue length, active tasks, pool size. */
  public WorkerMetrics workers() {
    return workers;
  }

  /**
   * Exposes a connection pool as {@code db_pool_connections{pool,state}} and {@code db_pool_connections_max{pool}},
   * read at scrape time. Registering the same name again replaces the previous view.
   */
  public void connectionPool(String poolName, ConnectionPoolStats stats) {
    if (config.enabled()) {
      pools.put(poolName, stats);
    }
  }

  /** The settings this catalogue was built with. */
  public PyBaseMetricsConfig config() {
    return config;
  }

  /** The registry the catalogue is registered on. */
  public PrometheusRegistry registry() {
    return registry;
  }

  private Counter counter(MetricDefinition d) {
    Counter c = Counter.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray()).build();
    built.add(c);
    return c;
  }

  private Gauge gauge(MetricDefinition d) {
    Gauge g = Gauge.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray()).build();
    built.add(g);
    return g;
  }

  private void callbackGauge(MetricDefinition d, Consumer<GaugeWithCallback.Callback> callback) {
    built.add(GaugeWithCallback.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray())
        .callback(callback).build());
  }

  private Histogram histogram(MetricDefinition d) {
    Histogram.Builder b = Histogram.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray())
        .classicUpperBounds(d.buckets());
    if (!config.nativeHistograms(d.metricName())) {
      b.classicOnly();
    }
    Histogram h = b.build();
    built.add(h);
    return h;
  }

  private static LabelValueGuard guard(int cap, Counter overflow, MetricDefinition metric, String label) {
    return new LabelValueGuard(cap, overflow.labelValues(metric.metricName(), label));
  }
}
