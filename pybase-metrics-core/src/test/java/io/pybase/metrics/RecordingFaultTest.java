package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * A fault inside recording is counted and never reaches the caller; a fault in a scrape-time read is counted and
 * never fails the scrape.
 */
class RecordingFaultTest {

  private static PyBaseMetrics catalogue(PrometheusRegistry registry) {
    return PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
  }

  @Test
  void faultInsideHttpRecordingIsCountedNotThrown() {
    Counter errors = Counter.builder().name("errors_total").build();
    // label names that do not fit the recorder: every labelValues(...) call inside it throws
    Counter requests = Counter.builder().name("requests_total").labelNames("only_one").build();
    Histogram latency = Histogram.builder().name("latency").labelNames("only_one").build();
    HttpMetrics http = new HttpMetrics(true, requests, latency, new LongAdder(), 10, errors,
        new RecordingErrors(errors));

    assertThatCode(() -> http.requestFinished("GET", "/a", 200, 1)).doesNotThrowAnyException();
    assertThatCode(() -> http.requestFinished("GET", "/a", 200, 1)).doesNotThrowAnyException();
    assertThat(errors.getLongValue()).isEqualTo(2);
  }

  @Test
  void faultInsideQueryRecordingIsCountedNotThrown() {
    Counter errors = Counter.builder().name("errors_total").build();
    DbMetrics db = new DbMetrics(true, Histogram.builder().name("d").labelNames("a", "b").build(),
        Counter.builder().name("e").labelNames("a", "b").build(), 10, errors, new RecordingErrors(errors));
    assertThatCode(() -> db.queryFinished("select", 1)).doesNotThrowAnyException();
    assertThat(errors.getLongValue()).isEqualTo(1);
  }

  @Test
  void linkageErrorInsideRecordingIsCountedNotThrown() {
    // what a client_java class missing from the classpath looks like to the recorder
    Counter errors = Counter.builder().name("errors_total").build();
    DistributionDataPoint broken = new DistributionDataPoint() {
      @Override
      public void observe(double value) {
        throw new NoClassDefFoundError("io/prometheus/metrics/tracer/initializer/SpanContextSupplier");
      }

      @Override
      public void observeWithExemplar(double value, Labels labels) {
        observe(value);
      }

      @Override
      public long getCount() {
        return 0;
      }

      @Override
      public double getSum() {
        return 0;
      }
    };
    CounterDataPoint fine = Counter.builder().name("fine_total").build();
    TaskRecorder recorder = new TaskRecorder(fine, fine, fine, fine, broken, broken, new RecordingErrors(errors));

    assertThatCode(() -> recorder.succeeded(1)).doesNotThrowAnyException();
    assertThatCode(() -> recorder.queueWait(1)).doesNotThrowAnyException();
    assertThat(errors.getLongValue()).isEqualTo(2);
  }

  /** A data point whose every update throws {@code fault}. */
  private static CounterDataPoint throwing(Error fault) {
    return new CounterDataPoint() {
      @Override
      public void inc(double amount) {
        throw fault;
      }

      @Override
      public void incWithExemplar(double amount, Labels labels) {
        throw fault;
      }

      @Override
      public double get() {
        return 0;
      }

      @Override
      public long getLongValue() {
        return 0;
      }
    };
  }

  @Test
  void faultWhileCountingAFaultStillNeverReachesTheCaller() {
    // recording fails, then counting that failure fails too, with Errors that are not LinkageErrors
    CounterDataPoint broken = throwing(new StackOverflowError());
    RecordingErrors errors = new RecordingErrors(throwing(new AssertionError("error counter broken")));
    TaskRecorder recorder = new TaskRecorder(broken, broken, broken, broken,
        Histogram.builder().name("d").build(), Histogram.builder().name("w").build(), errors);

    assertThatCode(() -> recorder.succeeded(1)).doesNotThrowAnyException();
    assertThatCode(() -> recorder.retried(1)).doesNotThrowAnyException();
    assertThatCode(() -> errors.record(new NoClassDefFoundError("x"))).doesNotThrowAnyException();
  }

  @Test
  void fatalVmErrorIsTheOnlyFaultThatReachesTheCaller() {
    assertThat(RecordingErrors.isFatal(new OutOfMemoryError())).isTrue();
    assertThat(RecordingErrors.isFatal(new StackOverflowError())).isFalse();
    assertThat(RecordingErrors.isFatal(new NoClassDefFoundError())).isFalse();
    assertThat(RecordingErrors.isFatal(new IllegalStateException())).isFalse();
  }

  @Test
  void poolViewThatThrowsLeavesItsSeriesOutAndTheScrapeServesTheRest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = catalogue(registry);
    m.connectionPool("lazy", ConnectionPoolStats.of(() -> {
      throw new IllegalStateException("pool not started");
    }, () -> 0, () -> 0, () -> 10));
    m.connectionPool("main", ConnectionPoolStats.of(() -> 1, () -> 2, () -> 0, () -> 10));
    m.http().requestFinished("GET", "/a", 200, 1);

    Exposition e = assertScrapes(registry);
    assertThat(e.samples("db_pool_connections")).noneMatch(line -> line.contains("pool=\"lazy\""));
    assertThat(e.value("db_pool_connections", "pool=\"main\"", "state=\"idle\"")).isEqualTo(2.0);
    assertThat(e.value("db_pool_connections_max", "pool=\"lazy\"")).isEqualTo(10.0);
    assertThat(e.value("http_requests_total", "endpoint=\"/a\"", "status=\"200\"")).isEqualTo(1.0);
    // the counter may be collected before or after the failing callback runs: the next scrape shows it
    assertThat(assertScrapes(registry).value("pybase_metrics_collect_errors_total",
        "metric=\"db_pool_connections\"")).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void queueReaderThatThrowsAnErrorLeavesItsSeriesOutAndCountsTheFailedRead() {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics m = catalogue(registry);
    m.workers().queueLength("broken", () -> {
      throw new NoClassDefFoundError("redis/clients/jedis/Jedis");
    });
    m.workers().queueLength("fine", () -> 7);

    Exposition e = assertScrapes(registry);
    assertThat(e.samples("celery_queue_length")).noneMatch(line -> line.contains("broken"));
    assertThat(e.value("celery_queue_length", "worker_name=\"fine\"")).isEqualTo(7.0);
    assertThat(assertScrapes(registry).value("celery_queue_length_read_errors_total", "worker_name=\"broken\""))
        .isGreaterThanOrEqualTo(1.0);
  }

  private static Exposition assertScrapes(PrometheusRegistry registry) {
    Exposition[] scraped = new Exposition[1];
    assertThatCode(() -> scraped[0] = Exposition.scrape(registry)).doesNotThrowAnyException();
    return scraped[0];
  }
}
