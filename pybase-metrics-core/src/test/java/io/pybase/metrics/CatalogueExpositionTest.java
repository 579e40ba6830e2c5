package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

import io.pybase.metrics.config.PyBaseMetricsConfig;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden test of the metric contract: exact names, types and label names as scraped. */
class CatalogueExpositionTest {

  private static PyBaseMetrics recordOneOfEach(PrometheusRegistry registry) {
    PyBaseMetrics m = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    m.http().inFlightStarted();
    m.http().requestFinished("GET", "/api/v1/health", 200, 1_000_000);
    m.extractions().task("pdf").succeeded(5_000_000);
    m.websocket().opened();
    m.db().queryFinished("select", 2_000_000);
    m.db().queryFailed("select", 2_000_000);
    m.connectionPool("main", ConnectionPoolStats.of(() -> 1, () -> 2, () -> 0, () -> 10));
    m.cache().record("get", CacheStatus.HIT);
    m.tasks().task("index_record").retried(1_000_000);
    m.workers().queueLength("search", () -> 3);
    m.workers().taskStarted("search");
    m.workers().poolSize("search", 4);
    return m;
  }

  @Test
  void exposesEveryContractMetricWithExactTypeNameAndLabels() {
    PrometheusRegistry registry = new PrometheusRegistry();
    recordOneOfEach(registry);
    Exposition exposition = Exposition.scrape(registry);

    for (MetricDefinition d : MetricDefinition.values()) {
      if (d == MetricDefinition.LABEL_OVERFLOW || d == MetricDefinition.RECORDING_ERRORS
          || d == MetricDefinition.CELERY_QUEUE_LENGTH_READ_ERRORS || d == MetricDefinition.COLLECT_ERRORS) {
        continue; // start empty or at zero without labels; covered by their own tests
      }
      String type = d.type().name().toLowerCase(java.util.Locale.ROOT);
      assertThat(exposition.text()).as("TYPE line of %s", d.metricName())
          .contains("# TYPE " + d.metricName() + " " + type + "\n");
      String sampleName = d.type() == MetricDefinition.Type.HISTOGRAM ? d.metricName() + "_bucket" : d.metricName();
      List<String> samples = exposition.samples(sampleName);
      assertThat(samples).as("samples of %s", sampleName).isNotEmpty();
      List<String> expectedLabels = new ArrayList<>(d.labelNames());
      if (d.type() == MetricDefinition.Type.HISTOGRAM) {
        expectedLabels.add("le");
      }
      for (String sample : samples) {
        assertThat(Exposition.labelNames(sample)).as("label names of %s", sample)
            .containsExactlyInAnyOrderElementsOf(expectedLabels);
      }
    }
  }

  @Test
  void contractMetricsHaveTheDocumentedNamesTypesAndLabels() {
    assertThat(MetricDefinition.HTTP_REQUESTS.metricName()).isEqualTo("http_requests_total");
    assertThat(MetricDefinition.HTTP_REQUESTS.labelNames()).containsExactly("method", "endpoint", "status");
    assertThat(MetricDefinition.API_LATENCY.metricName()).isEqualTo("api_latency_histogram");
    assertThat(MetricDefinition.API_LATENCY.labelNames()).containsExactly("method", "endpoint");
    assertThat(MetricDefinition.EXTRACTION_TASKS.metricName()).isEqualTo("extraction_task_total");
    assertThat(MetricDefinition.EXTRACTION_TASKS.labelNames()).containsExactly("task_type", "status");
    assertThat(MetricDefinition.EXTRACTION_DURATION.metricName()).isEqualTo("extraction_task_duration_seconds");
    assertThat(MetricDefinition.WEBSOCKET_CONNECTIONS.metricName()).isEqualTo("websocket_connections_current");
    assertThat(MetricDefinition.WEBSOCKET_CONNECTIONS.labelNames()).isEmpty();
    assertThat(MetricDefinition.DB_QUERY_DURATION.metricName()).isEqualTo("db_query_duration_seconds");
    assertThat(MetricDefinition.DB_QUERY_DURATION.labelNames()).containsExactly("query_type");
    assertThat(MetricDefinition.CACHE_OPERATIONS.metricName()).isEqualTo("cache_operations_total");
    assertThat(MetricDefinition.CACHE_OPERATIONS.labelNames()).containsExactly("operation", "status");
    assertThat(MetricDefinition.CELERY_TASKS.metricName()).isEqualTo("celery_task_total");
    assertThat(MetricDefinition.CELERY_TASKS.labelNames()).containsExactly("task_name", "status");
    assertThat(MetricDefinition.CELERY_TASK_DURATION.metricName()).isEqualTo("celery_task_duration_seconds");
    assertThat(MetricDefinition.CELERY_TASK_RETRIES.metricName()).isEqualTo("celery_task_retries_total");
    assertThat(MetricDefinition.CELERY_QUEUE_LENGTH.metricName()).isEqualTo("celery_queue_length");
    assertThat(MetricDefinition.CELERY_QUEUE_LENGTH.labelNames()).containsExactly("worker_name");
    assertThat(MetricDefinition.CELERY_ACTIVE_WORKERS.metricName()).isEqualTo("celery_active_workers");
    assertThat(MetricDefinition.CELERY_ACTIVE_WORKERS.labelNames()).containsExactly("worker_name");
  }

  @Test
  void apiLatencyBucketsStartAt5msAndHaveBoundsOnAlertThresholds() {
    Exposition exposition = Exposition.scrape(registryWithOneRequest());
    List<String> les = new ArrayList<>();
    for (String s : exposition.samples("api_latency_histogram_bucket")) {
      les.add(s.replaceAll(".*le=\"([^\"]+)\".*", "$1"));
    }
    assertThat(les.get(0)).isEqualTo("0.005");
    assertThat(les).contains("0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
    assertThat(MetricDefinition.DB_QUERY_DURATION.buckets()[0]).isEqualTo(0.001);
    double[] task = MetricDefinition.CELERY_TASK_DURATION.buckets();
    assertThat(task[task.length - 1]).isGreaterThanOrEqualTo(600);
    assertThat(MetricDefinition.EXTRACTION_DURATION.buckets()).containsExactly(task);
  }

  @Test
  void registeringTwiceOnOneRegistryReturnsTheSameCatalogue() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics first = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().build());
    PyBaseMetrics second = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().build());
    PyBaseMetrics third = PyBaseMetrics.register(registry);
    assertThat(second).isSameAs(first);
    assertThat(third).isSameAs(first);
    first.http().requestFinished("GET", "/x", 200, 1);
    second.http().requestFinished("GET", "/x", 200, 1);
    assertThat(Exposition.scrape(registry).value("http_requests_total", "endpoint=\"/x\"", "status=\"200\""))
        .isEqualTo(2.0);
  }

  @Test
  void defaultRegistryCatalogueIsShared() {
    assertThat(PyBaseMetrics.get()).isSameAs(PyBaseMetrics.get());
    assertThat(PyBaseMetrics.get().registry()).isSameAs(PrometheusRegistry.defaultRegistry);
  }

  @Test
  void registersJvmAndProcessMetricsOnceByDefault() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().build());
    String text = Exposition.scrape(registry).text();
    assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge").contains("# TYPE process_cpu_seconds_total");
  }

  @Test
  void jvmMetricsCanBeTurnedOff() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    assertThat(Exposition.scrape(registry).text()).doesNotContain("jvm_memory_used_bytes");
  }

  @Test
  void disabledCatalogueRegistersNothingAndRecordsNothing() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().enabled(false).build());
    m.http().requestFinished("GET", "/x", 200, 1);
    m.tasks().task("t").succeeded(1);
    m.cache().record("get", CacheStatus.HIT);
    m.db().queryFinished("select", 1);
    m.websocket().opened();
    assertThat(registry.scrape().size()).isZero();
    assertThat(m.websocket().current()).isZero();
  }

  private static PrometheusRegistry registryWithOneRequest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build())
        .http().requestFinished("GET", "/a", 200, 1_000_000);
    return registry;
  }
}
