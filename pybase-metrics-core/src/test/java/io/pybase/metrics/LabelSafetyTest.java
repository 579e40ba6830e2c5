package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Untrusted input never grows the series count past the cap. */
class LabelSafetyTest {

  private static final int CAP = 50;

  private static PyBaseMetrics metrics(PrometheusRegistry registry) {
    return PyBaseMetrics.register(registry,
        PyBaseMetricsConfig.builder().maxLabelValues(CAP).jvmMetrics(false).build());
  }

  private static Set<String> values(Exposition e, String sample, String label) {
    Set<String> values = new HashSet<>();
    for (String line : e.samples(sample)) {
      values.add(line.replaceAll(".*" + label + "=\"([^\"]*)\".*", "$1"));
    }
    return values;
  }

  @Test
  void oneHundredThousandDistinctEndpointsLeaveCapPlusOverflowSeries() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    for (int i = 0; i < 100_000; i++) {
      m.http().requestFinished("GET", "/raw/path/" + i, 200, 1_000);
    }
    Exposition e = Exposition.scrape(registry);
    Set<String> endpoints = values(e, "api_latency_histogram_count", "endpoint");
    assertThat(endpoints).hasSize(CAP + 1).contains(LabelValues.OVERFLOW);
    assertThat(e.samples("api_latency_histogram_count")).hasSize(CAP + 1);
    // every request is still counted: totals stay right
    double total = 0;
    for (String line : e.samples("http_requests_total")) {
      total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertThat(total).isEqualTo(100_000.0);
    assertThat(e.value("http_requests_total", "endpoint=\"__overflow__\"", "status=\"200\""))
        .isEqualTo(100_000.0 - CAP);
    assertThat(e.value("pybase_metrics_label_overflow_total",
        "metric=\"http_requests_total\"", "label=\"endpoint\"")).isEqualTo(100_000.0 - CAP);
  }

  @Test
  void oneHundredThousandDistinctTaskNamesQueryTypesAndCacheOperationsAreCapped() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    for (int i = 0; i < 100_000; i++) {
      m.tasks().task("task-" + i).succeeded(1);
      m.extractions().task("type-" + i).failed(1);
      m.db().queryFinished("q-" + i, 1);
      m.cache().record("op-" + i, CacheStatus.SUCCESS);
    }
    Exposition e = Exposition.scrape(registry);
    assertThat(values(e, "celery_task_duration_seconds_count", "task_name")).hasSize(CAP + 1);
    assertThat(values(e, "extraction_task_duration_seconds_count", "task_type")).hasSize(CAP + 1);
    assertThat(values(e, "db_query_duration_seconds_count", "query_type")).hasSize(CAP + 1);
    assertThat(values(e, "cache_operations_total", "operation")).hasSize(CAP + 1);
    assertThat(e.value("celery_task_total", "task_name=\"__overflow__\"", "status=\"success\""))
        .isEqualTo(100_000.0 - CAP);
  }

  @Test
  void nonStandardMethodsFoldIntoOneValue() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    for (String method : List.of("GET", "get", "FOO", "PROPFIND", "X-" + "y".repeat(100), "", "POST")) {
      m.http().requestFinished(method, "/a", 200, 1);
    }
    m.http().requestFinished(null, "/a", 200, 1);
    Exposition e = Exposition.scrape(registry);
    assertThat(values(e, "http_requests_total", "method")).containsExactlyInAnyOrder("GET", "POST", "_OTHER");
    assertThat(e.value("http_requests_total", "method=\"_OTHER\"", "status=\"200\"")).isEqualTo(6.0);
    assertThat(HttpMethods.valueAt(HttpMethods.indexOf("PATCH"))).isEqualTo("PATCH");
  }

  @Test
  void statusOutsideHttpRangeIsUnknownAndNullEndpointIsUnmatched() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    m.http().requestFinished("GET", null, 0, 1);
    m.http().requestFinished("GET", null, 1000, 1);
    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("http_requests_total", "endpoint=\"unmatched\"", "status=\"unknown\"")).isEqualTo(2.0);
    assertThat(StatusCodes.label(StatusCodes.indexOf(599))).isEqualTo("599");
    assertThat(StatusCodes.label(StatusCodes.indexOf(99))).isEqualTo("unknown");
  }

  @Test
  void knownLabelSetsStartAtZero() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    m.tasks().task("send_email");
    m.extractions().task("pdf");
    m.http().requestFinished("GET", "/a", 200, 1);
    m.cache().record("get", CacheStatus.HIT);
    Exposition e = Exposition.scrape(registry);
    for (String status : List.of("success", "failure", "retry")) {
      assertThat(e.value("celery_task_total", "task_name=\"send_email\"", "status=\"" + status + "\"")).isZero();
      assertThat(e.value("extraction_task_total", "task_type=\"pdf\"", "status=\"" + status + "\"")).isZero();
    }
    assertThat(e.value("celery_task_retries_total", "task_name=\"send_email\"")).isZero();
    assertThat(e.value("http_requests_total", "endpoint=\"/a\"", "status=\"500\"")).isZero();
    assertThat(e.value("cache_operations_total", "operation=\"get\"", "status=\"miss\"")).isZero();
    assertThat(e.value("cache_operations_total", "operation=\"get\"", "status=\"error\"")).isZero();
  }

  @Test
  void webSocketGaugeNeverGoesNegative() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    m.websocket().closed();
    m.websocket().opened();
    m.websocket().closed();
    m.websocket().closed();
    assertThat(Exposition.scrape(registry).value("websocket_connections_current")).isZero();
    m.websocket().opened();
    assertThat(Exposition.scrape(registry).value("websocket_connections_current")).isEqualTo(1.0);
  }

  @Test
  void guardAdmitsExactlyCapValuesUnderContention() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int offset = t * 10_000;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          m.db().queryFinished("q" + (offset + i), 1);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    Exposition e = Exposition.scrape(registry);
    assertThat(values(e, "db_query_duration_seconds_count", "query_type")).hasSize(CAP + 1);
    assertThat(e.value("pybase_metrics_label_overflow_total", "metric=\"db_query_duration_seconds\""))
        .isEqualTo(40_000.0 - CAP);
  }

  @Test
  void nullQueryTypeCacheOperationAndTaskNameRecordUnderUnknown() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    m.db().queryFinished(null, 2_000_000);
    m.db().queryFailed(null, 1_000_000);
    m.cache().record(null, CacheStatus.HIT);
    m.tasks().task(null).succeeded(1);
    m.extractions().task(null).failed(1);
    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("db_query_duration_seconds_count", "query_type=\"unknown\"")).isEqualTo(2.0);
    assertThat(e.value("db_query_errors_total", "query_type=\"unknown\"")).isEqualTo(1.0);
    assertThat(e.value("cache_operations_total", "operation=\"unknown\"", "status=\"hit\"")).isEqualTo(1.0);
    assertThat(e.value("celery_task_total", "task_name=\"unknown\"", "status=\"success\"")).isEqualTo(1.0);
    assertThat(e.value("extraction_task_total", "task_type=\"unknown\"", "status=\"failure\"")).isEqualTo(1.0);
    assertThat(e.value("pybase_metrics_recording_errors_total")).isZero();
  }

  @Test
  void everyStatusOutsideTheHttpRangeFoldsIntoOneSeries() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    for (int status = 600; status < 60_600; status++) {
      m.http().requestFinished("GET", "/a", status, 1);
    }
    m.http().requestFinished("GET", "/a", -1, 1);
    m.http().requestFinished("GET", "/a", Integer.MAX_VALUE, 1);
    Exposition e = Exposition.scrape(registry);
    assertThat(values(e, "http_requests_total", "status")).containsExactlyInAnyOrder("500", "unknown");
    assertThat(e.value("http_requests_total", "endpoint=\"/a\"", "status=\"unknown\"")).isEqualTo(60_002.0);
  }

  @Test
  void initRouteCreatesTheErrorSeriesAndLatencyAtZeroBeforeTheFirstRequest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = metrics(registry);
    m.http().initRoute("GET", "/api/v1/tables/{tableId}/stats");
    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("http_requests_total", "endpoint=\"/api/v1/tables/{tableId}/stats\"", "status=\"500\""))
        .isZero();
    assertThat(e.value("api_latency_histogram_count", "endpoint=\"/api/v1/tables/{tableId}/stats\"")).isZero();
  }
}
