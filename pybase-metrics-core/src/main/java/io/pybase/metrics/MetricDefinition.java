package io.pybase.metrics;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every metric of the contract, defined once: name, help, type, label names and histogram buckets. Dashboards and
 * alert rules are written against these exact names; the README's metric table lists the same.
 *
 * <p>Names inherited from the seed that break Prometheus naming practice stay as they are, because the dashboards and
 * alert rules that users import depend on them: {@code api_latency_histogram} (no {@code _seconds} unit suffix, and
 * the type in the name), {@code websocket_connections_current} ({@code _current} is redundant on a gauge) and the
 * {@code celery_} prefix on a Java worker's metrics (kept so that celery-mixin style dashboards apply). Every name
 * added since follows the practice: base units, {@code _total} only on counters.
 *
 * <pre>{@code
 * MetricDefinition.API_LATENCY.metricName();   // "api_latency_histogram"
 * MetricDefinition.API_LATENCY.labelNames();   // [method, endpoint]
 * }</pre>
 */
@SuppressWarnings("ImmutableEnumChecker") // labelNames is List.of(...); buckets() returns a copy
public enum MetricDefinition {
  HTTP_REQUESTS("http_requests_total", Type.COUNTER, "Total HTTP requests by method, route template and status code.",
      List.of("method", "endpoint", "status")),
  API_LATENCY("api_latency_histogram", Type.HISTOGRAM, "HTTP request latency in seconds by method and route template.",
      List.of("method", "endpoint"), Buckets.API_LATENCY),
  HTTP_IN_FLIGHT("http_requests_in_flight", Type.GAUGE, "HTTP requests being served right now.", List.of()),
  EXTRACTION_TASKS("extraction_task_total", Type.COUNTER, "Extraction task executions by file type and outcome.",
      List.of("task_type", "status")),
  EXTRACTION_DURATION("extraction_task_duration_seconds", Type.HISTOGRAM,
      "Extraction task execution time in seconds by file type.", List.of("task_type"), Buckets.TASK_DURATION),
  WEBSOCKET_CONNECTIONS("websocket_connections_current", Type.GAUGE, "WebSocket connections open right now.",
      List.of()),
  DB_QUERY_DURATION("db_query_duration_seconds", Type.HISTOGRAM, "Database query time in seconds by query type.",
      List.of("query_type"), Buckets.DB_QUERY),
  DB_QUERY_ERRORS("db_query_errors_total", Type.COUNTER, "Database queries that threw, by query type.",
      List.of("query_type")),
  DB_POOL_CONNECTIONS("db_pool_connections", Type.GAUGE,
      "Connections of a database pool by state (active, idle, pending).", List.of("pool", "state")),
  DB_POOL_MAX("db_pool_connections_max", Type.GAUGE, "Maximum size of a database connection pool.", List.of("pool")),
  CACHE_OPERATIONS("cache_operations_total", Type.COUNTER,
      "Cache operations by operation and outcome (hit, miss, success, error).", List.of("operation", "status")),
  CELERY_TASKS("celery_task_total", Type.COUNTER, "Task executions by task name and outcome (success, failure, retry).",
      List.of("task_name", "status")),
  CELERY_TASK_DURATION("celery_task_duration_seconds", Type.HISTOGRAM, "Task execution time in seconds by task name.",
      List.of("task_name"), Buckets.TASK_DURATION),
  CELERY_TASK_RETRIES("celery_task_retries_total", Type.COUNTER, "Task retries by task name.", List.of("task_name")),
  CELERY_TASK_QUEUE_WAIT("celery_task_queue_wait_seconds", Type.HISTOGRAM,
      "Time in seconds from enqueueing a task to the start of an attempt, by task name.", List.of("task_name"),
      Buckets.QUEUE_WAIT),
  CELERY_QUEUE_LENGTH("celery_queue_length", Type.GAUGE, "Tasks waiting in the worker's queue, read at scrape time.",
      List.of("worker_name")),
  CELERY_QUEUE_LENGTH_READ_ERRORS("celery_queue_length_read_errors_total", Type.COUNTER,
      "Queue-length reads that failed or timed out at scrape time.", List.of("worker_name")),
  CELERY_ACTIVE_WORKERS("celery_active_workers", Type.GAUGE, "Tasks executing right now in this worker process.",
      List.of("worker_name")),
  CELERY_POOL_SIZE("celery_worker_pool_size", Type.GAUGE,
      "Tasks this worker process can execute at once (its pool capacity).", List.of("worker_name")),
  LABEL_OVERFLOW("pybase_metrics_label_overflow_total", Type.COUNTER,
      "Observations whose label value was folded into __overflow__ because the label reached its cap.",
      List.of("metric", "label")),
  RECORDING_ERRORS("pybase_metrics_recording_errors_total", Type.COUNTER,
      "Recording calls that failed inside the library; the instrumented call was not affected.", List.of()),
  COLLECT_ERRORS("pybase_metrics_collect_errors_total", Type.COUNTER,
      "Scrape-time reads (gauge callbacks, suppliers handed to the library) that failed; that metric's series were "
          + "left out of the scrape and every other series was served.", List.of("metric"));

  /** The metric types of the catalogue. */
  public enum Type { COUNTER, GAUGE, HISTOGRAM }

  private final String metricName;
  private final Type type;
  private final String help;
  private final List<String> labelNames;
  private final double @Nullable [] buckets;

  MetricDefinition(String metricName, Type type, String help, List<String> labelNames) {
    this(metricName, type, help, labelNames, null);
  }

  MetricDefinition(String metricName, Type type, String help, List<String> labelNames, double @Nullable [] buckets) {
    this.metricName = metricName;
    this.type = type;
    this.help = help;
    this.labelNames = labelNames;
    this.buckets = buckets;
  }

  /** The exposed name, e.g. {@code http_requests_total}. */
  public String metricName() {
    return metricName;
  }

  /** Counter, gauge or histogram. */
  public Type type() {
    return type;
  }

  /** The HELP text. */
  public String help() {
    return help;
  }

  /** The label names, in the order recorders pass values. */
  public List<String> labelNames() {
    return labelNames;
  }

  /** Classic bucket upper bounds in seconds (histograms only; {@code +Inf} is implicit). */
  public double[] buckets() {
    return buckets == null ? new double[0] : buckets.clone();
  }

  String[] labelNameArray() {
    return labelNames.toArray(new String[0]);
  }

  /** Bucket layouts. Alert thresholds sit exactly on bounds. */
  static final class Buckets {
    static final double[] API_LATENCY = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] DB_QUERY = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    static final double[] TASK_DURATION = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800};
    static final double[] QUEUE_WAIT = {0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};

    private Buckets() {}
  }
}
