package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.pybase.metrics.db.DbMetrics;
import io.pybase.metrics.http.HttpMetrics;
import io.pybase.metrics.label.LabelValueGuard;
import org.junit.jupiter.api.Test;

/** A fault inside recording is counted and never reaches the caller. */
class RecordingFaultTest {

  @Test
  void faultInsideHttpRecordingIsCountedNotThrown() {
    Counter errors = Counter.builder().name("errors_total").build();
    // label names that do not fit the recorder: every labelValues(...) call inside it throws
    Counter requests = Counter.builder().name("requests_total").labelNames("only_one").build();
    Histogram latency = Histogram.builder().name("latency").labelNames("only_one").build();
    HttpMetrics http = new HttpMetrics(true, requests, latency, new java.util.concurrent.atomic.LongAdder(),
        new LabelValueGuard(10, errors), errors);

    assertThatCode(() -> http.requestFinished("GET", "/a", 200, 1)).doesNotThrowAnyException();
    assertThatCode(() -> http.requestFinished("GET", "/a", 200, 1)).doesNotThrowAnyException();
    assertThat(errors.getLongValue()).isEqualTo(2);
  }

  @Test
  void faultInsideQueryRecordingIsCountedNotThrown() {
    Counter errors = Counter.builder().name("errors_total").build();
    DbMetrics db = new DbMetrics(true, Histogram.builder().name("d").labelNames("a", "b").build(),
        Counter.builder().name("e").labelNames("a", "b").build(), new LabelValueGuard(10, errors), errors);
    assertThatCode(() -> db.queryFinished("select", 1)).doesNotThrowAnyException();
    assertThat(errors.getLongValue()).isEqualTo(1);
  }
}
