package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.MetricWithFixedMetadata;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.initializer.SpanContextSupplier;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The metric catalogue of one {@link PrometheusRegistry}, and its typed recording API. Every metric of
 * {@link MetricDefinition} is registered once per registry.
 *
 * <pre>{@code
 * PyBaseMetrics metrics = PyBaseMetrics.get();                        // default registry, config from environment
 * PyBaseMetrics mine = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().maxLabelValues(200).build());
 *
 * metrics.http().requestFinished("GET", "/api/v1/health", 200, elapsedNanos);
 * metrics.db().queryFinished("select", elapsedNanos);
 * metrics.cache().record("get", CacheStatus.HIT);
 * metrics.tasks().task("send_email").succeeded(elapsedNanos);
 * metrics.extractions().task("pdf").failed(elapsedNanos);
 * metrics.websocket().opened();
 * }</pre>
 *
 * <p><b>Registration.</b> A registry has at most one catalogue. {@link #register(PrometheusRegistry,
 * PyBaseMetricsConfig)} returns the registry's catalogue when its config {@linkplain PyBaseMetricsConfig#equals equals}
 * the one asked for, and throws when it differs, naming each differing setting: settings are never dropped silently.
 * {@link #get()} and {@link #register(PrometheusRegistry)} return the registry's catalogue whatever its config, and
 * create one from the environment when there is none. Register your own config once, at start-up, before anything
 * else asks for the catalogue (a wrapped task, the servlet integration), and hand that catalogue around.
 *
 * <p><b>Lifetime.</b> Catalogues are found through a process-wide map keyed weakly by registry: a registry that is no
 * longer used is collected with its catalogue. {@link #close()} unregisters every metric and collector the catalogue
 * added (JVM metrics included) and removes it from the map — what a web application does when it is undeployed.
 *
 * <p>With {@code PROMETHEUS_ENABLED=false} nothing is registered and every recording call returns at once. Recording
 * never throws into the caller: a fault is counted in {@code pybase_metrics_recording_errors_total}. A scrape never
 * fails because a gauge callback or a supplier handed to the catalogue threw: that series is left out and counted in
 * {@code pybase_metrics_collect_errors_total{metric}}.
 */
public final class PyBaseMetrics implements AutoCloseable {

  /** Catalogues by registry; the registry holds its catalogue (through a gauge callback) while metrics are on. */
  private static final Map<PrometheusRegistry, WeakReference<PyBaseMetrics>> BY_REGISTRY = new WeakHashMap<>();

  private final PyBaseMetricsConfig config;
  private final PrometheusRegistry registry;
  private final HttpMetrics http;
  private final TaskMetrics tasks;
  private final TaskMetrics extractions;
  private final DbMetrics db;
  private final CacheMetrics cache;
  private final WebSocketMetrics websocket;
  private final WorkerMetrics workers;
  private final CollectErrors collectErrors;
  private final RecordingErrors recordingErrors;
  private final Map<String, ConnectionPoolStats> pools = new ConcurrentHashMap<>();
  /** Every metric built by the constructor, registered at its end unless recording is off. */
  private final List<MetricWithFixedMetadata> built = new ArrayList<>();
  /** Whether counters and histograms sample exemplars: only when a span context source is present. */
  private final boolean exemplars;
  private @Nullable JvmMetricsRegistration jvm;
  private boolean closed;

  private PyBaseMetrics(PrometheusRegistry registry, PyBaseMetricsConfig config) {
    checkNativeHistogramNames(config);
    this.config = config;
    this.registry = registry;
    this.exemplars = spanContextPresent();
    boolean on = config.enabled();
    int cap = config.maxLabelValues();

    Counter overflow = counter(MetricDefinition.LABEL_OVERFLOW);
    RecordingErrors errors = new RecordingErrors(counter(MetricDefinition.RECORDING_ERRORS));
    this.recordingErrors = errors;
    this.collectErrors = new CollectErrors(counter(MetricDefinition.COLLECT_ERRORS));

    LongAdder inFlight = new LongAdder();
    this.http = new HttpMetrics(on, counter(MetricDefinition.HTTP_REQUESTS), histogram(MetricDefinition.API_LATENCY),
        inFlight, cap, overflowOf(overflow, MetricDefinition.HTTP_REQUESTS, "endpoint"), errors);
    this.tasks = new TaskMetrics(on, counter(MetricDefinition.CELERY_TASKS),
        histogram(MetricDefinition.CELERY_TASK_DURATION), counter(MetricDefinition.CELERY_TASK_RETRIES),
        histogram(MetricDefinition.CELERY_TASK_QUEUE_WAIT), cap,
        overflowOf(overflow, MetricDefinition.CELERY_TASKS, "task_name"), errors);
    this.extractions = new TaskMetrics(on, counter(MetricDefinition.EXTRACTION_TASKS),
        histogram(MetricDefinition.EXTRACTION_DURATION), null, null, cap,
        overflowOf(overflow, MetricDefinition.EXTRACTION_TASKS, "task_type"), errors);
    this.db = new DbMetrics(on, histogram(MetricDefinition.DB_QUERY_DURATION),
        counter(MetricDefinition.DB_QUERY_ERRORS), cap,
        overflowOf(overflow, MetricDefinition.DB_QUERY_DURATION, "query_type"), errors);
    this.cache = new CacheMetrics(on, counter(MetricDefinition.CACHE_OPERATIONS), cap,
        overflowOf(overflow, MetricDefinition.CACHE_OPERATIONS, "operation"), errors);
    this.websocket = new WebSocketMetrics(on);
    this.workers = new WorkerMetrics(on, gauge(MetricDefinition.CELERY_POOL_SIZE),
        counter(MetricDefinition.CELERY_QUEUE_LENGTH_READ_ERRORS));

    // Gauges read at scrape time: nothing on the hot path but a LongAdder or AtomicLong update. The pool callbacks
    // are methods of this catalogue, so the registry keeps the catalogue reachable while it is registered.
    callbackGauge(MetricDefinition.HTTP_IN_FLIGHT, cb -> cb.call((double) inFlight.sum()));
    callbackGauge(MetricDefinition.WEBSOCKET_CONNECTIONS, cb -> cb.call((double) websocket.current()));
    callbackGauge(MetricDefinition.CELERY_ACTIVE_WORKERS, workers::collectActive);
    callbackGauge(MetricDefinition.CELERY_QUEUE_LENGTH, workers::collectQueueLengths);
    callbackGauge(MetricDefinition.DB_POOL_CONNECTIONS, this::collectPoolConnections);
    callbackGauge(MetricDefinition.DB_POOL_MAX, this::collectPoolMax);
  }

  /**
   * The catalogue of the default registry: the one registered there, or a new one configured from the environment.
   *
   * @throws InvalidConfigurationException when a new one is made and an environment variable is invalid
   */
  public static PyBaseMetrics get() {
    return register(PrometheusRegistry.defaultRegistry);
  }

  /**
   * The catalogue of {@code registry}: the one registered there, whatever its config, or a new one configured from the
   * environment.
   *
   * @throws InvalidConfigurationException when a new one is made and an environment variable is invalid
   */
  public static PyBaseMetrics register(PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    synchronized (BY_REGISTRY) {
      PyBaseMetrics existing = lookup(registry);
      return existing != null ? existing : create(registry, PyBaseMetricsConfig.fromEnvironment());
    }
  }

  /**
   * The catalogue of {@code registry} with {@code config}: registers every metric on the first call for a registry;
   * a later call with an equal config returns the same instance.
   *
   * @throws IllegalStateException when the registry already has a catalogue with a different config; the message
   *     names every differing setting
   * @throws InvalidConfigurationException when the config names a histogram the catalogue does not have
   * @throws IllegalArgumentException when another collector already registered one of the catalogue's metric names
   */
  public static PyBaseMetrics register(PrometheusRegistry registry, PyBaseMetricsConfig config) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(config, "config");
    synchronized (BY_REGISTRY) {
      PyBaseMetrics existing = lookup(registry);
      if (existing == null) {
        return create(registry, config);
      }
      List<String> differences = existing.config.differencesFrom(config);
      if (!differences.isEmpty()) {
        throw new IllegalStateException("PyBase metrics are already registered on this PrometheusRegistry with other "
            + "settings (" + String.join("; ", differences) + "). Register the catalogue once, at start-up, before "
            + "anything else asks for it (PyBaseMetrics.get(), a wrapped task, the servlet integration), and pass "
            + "that catalogue on; or close() it first.");
      }
      return existing;
    }
  }

  private static @Nullable PyBaseMetrics lookup(PrometheusRegistry registry) {
    WeakReference<PyBaseMetrics> ref = BY_REGISTRY.get(registry);
    PyBaseMetrics existing = ref == null ? null : ref.get();
    return existing != null && !existing.closed ? existing : null;
  }

  private static PyBaseMetrics create(PrometheusRegistry registry, PyBaseMetricsConfig config) {
    ClientJavaVersion.warnIfUnsupported();
    PyBaseMetrics created = new PyBaseMetrics(registry, config);
    created.registerAll();
    BY_REGISTRY.put(registry, new WeakReference<>(created));
    return created;
  }

  private void registerAll() {
    if (!config.enabled()) {
      return;
    }
    List<MetricWithFixedMetadata> done = new ArrayList<>();
    try {
      for (MetricWithFixedMetadata m : built) {
        registry.register(m);
        done.add(m);
      }
    } catch (RuntimeException e) {
      done.forEach(registry::unregister);
      throw e;
    }
    if (config.jvmMetrics()) {
      jvm = JvmMetricsRegistration.register(registry, collectErrors);
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
   * read at scrape time. Registering the same name again replaces the previous view; a view that throws is left out
   * of that scrape (see {@link ConnectionPoolStats}).
   *
   * @throws NullPointerException if an argument is {@code null}
   */
  public void connectionPool(String poolName, ConnectionPoolStats stats) {
    Objects.requireNonNull(poolName, "poolName");
    Objects.requireNonNull(stats, "stats");
    if (config.enabled()) {
      pools.put(poolName, stats);
    }
  }

  /** Stops exposing the pool registered as {@code poolName}, when the pool is closed. */
  public void removeConnectionPool(String poolName) {
    pools.remove(poolName);
  }

  /**
   * Counts, in {@code pybase_metrics_recording_errors_total}, a fault around recording that an integration caught
   * (a task wrapper, a proxy, a listener), and logs the first one. Rethrows {@code fault} only when it is an error
   * that means the VM itself is failing ({@code OutOfMemoryError}, not {@code StackOverflowError}); never throws
   * otherwise, so a caller can pass it every {@code Throwable} it catches.
   *
   * <pre>{@code
   * try {
   *   workers.taskStarted(workerName);
   * } catch (Throwable t) {
   *   metrics.recordingFailed(t);
   * }
   * }</pre>
   */
  public void recordingFailed(Throwable fault) {
    if (RecordingErrors.isFatal(fault)) {
      throw (VirtualMachineError) fault;
    }
    if (config.enabled()) {
      recordingErrors.record(fault);
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

  /**
   * Unregisters every metric and collector this catalogue added to its registry (JVM metrics and their GC listener
   * included) and forgets it, so that the next {@link #register} on the registry builds a new one. Recording into a
   * closed catalogue has no visible effect. Idempotent.
   */
  @Override
  public void close() {
    synchronized (BY_REGISTRY) {
      if (closed) {
        return;
      }
      closed = true;
      WeakReference<PyBaseMetrics> ref = BY_REGISTRY.get(registry);
      if (ref != null && ref.get() == this) {
        BY_REGISTRY.remove(registry);
      }
    }
    pools.clear();
    if (jvm != null) {
      jvm.close();
    }
    if (config.enabled()) {
      for (MetricWithFixedMetadata m : built) {
        registry.unregister(m);
      }
    }
  }

  private void collectPoolConnections(GaugeWithCallback.Callback cb) {
    for (Map.Entry<String, ConnectionPoolStats> e : pools.entrySet()) {
      int active;
      int idle;
      int pending;
      try {
        ConnectionPoolStats stats = e.getValue();
        active = stats.active();
        idle = stats.idle();
        pending = stats.pending();
      } catch (Throwable t) {
        collectErrors.failed(MetricDefinition.DB_POOL_CONNECTIONS.metricName(), t);
        continue;
      }
      cb.call(active, e.getKey(), "active");
      cb.call(idle, e.getKey(), "idle");
      cb.call(pending, e.getKey(), "pending");
    }
  }

  private void collectPoolMax(GaugeWithCallback.Callback cb) {
    for (Map.Entry<String, ConnectionPoolStats> e : pools.entrySet()) {
      int max;
      try {
        max = e.getValue().max();
      } catch (Throwable t) {
        collectErrors.failed(MetricDefinition.DB_POOL_MAX.metricName(), t);
        continue;
      }
      cb.call(max, e.getKey());
    }
  }

  private static void checkNativeHistogramNames(PyBaseMetricsConfig config) {
    Set<String> histograms = new TreeSet<>();
    for (MetricDefinition d : MetricDefinition.values()) {
      if (d.type() == MetricDefinition.Type.HISTOGRAM) {
        histograms.add(d.metricName());
      }
    }
    for (String name : config.nativeHistogramNames()) {
      if (!histograms.contains(name)) {
        throw new InvalidConfigurationException(PyBaseMetricsConfig.NATIVE_HISTOGRAMS, name,
            "true, false, or a comma-separated list of these histograms: " + String.join(", ", histograms));
      }
    }
  }

  private Counter counter(MetricDefinition d) {
    Counter.Builder b = Counter.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray());
    if (!exemplars) {
      b.withoutExemplars();
    }
    Counter c = b.build();
    built.add(c);
    return c;
  }

  /**
   * Whether client_java finds a span context to take exemplars from (the OpenTelemetry API or agent). Without one,
   * exemplars stay empty, and sampling them would only start client_java's exemplar scheduler thread, which outlives
   * a redeployed web application and keeps its class loader alive; so they are sampled only with one. A per-metric
   * {@code io.prometheus.metrics.exemplarsEnabled} property still wins (client_java's precedence).
   */
  private static boolean spanContextPresent() {
    try {
      return SpanContextSupplier.hasSpanContext();
    } catch (LinkageError e) {
      return false;
    }
  }

  private Gauge gauge(MetricDefinition d) {
    Gauge g = Gauge.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray()).build();
    built.add(g);
    return g;
  }

  private void callbackGauge(MetricDefinition d, Consumer<GaugeWithCallback.Callback> callback) {
    built.add(GaugeWithCallback.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray())
        .callback(collectErrors.guard(d.metricName(), callback)).build());
  }

  private Histogram histogram(MetricDefinition d) {
    Histogram.Builder b = Histogram.builder().name(d.metricName()).help(d.help()).labelNames(d.labelNameArray())
        .classicUpperBounds(d.buckets());
    if (!config.nativeHistograms(d.metricName())) {
      b.classicOnly();
    }
    if (!exemplars) {
      b.withoutExemplars();
    }
    Histogram h = b.build();
    built.add(h);
    return h;
  }

  private static CounterDataPoint overflowOf(Counter overflow, MetricDefinition metric, String label) {
    return overflow.labelValues(metric.metricName(), label);
  }
}
