package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Totals stay exact under contention: 8 threads x 1,000,000 recordings. */
class ConcurrentRecordingTest {

  private static final int THREADS = 8;
  private static final int PER_THREAD = 1_000_000;

  @Test
  void eightThreadsTimesOneMillionRecordingsGiveExactTotals() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics metrics = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    String[] endpoints = {"/api/v1/a", "/api/v1/b", "/api/v1/c", "/api/v1/d"};
    int[] statuses = {200, 404};
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < PER_THREAD; i++) {
          metrics.http().requestFinished("GET", endpoints[i & 3], statuses[(i >> 2) & 1], 1_000_000);
          metrics.tasks().task("t").succeeded(1_000);
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }

    Exposition e = Exposition.scrape(registry);
    double total = 0;
    for (String endpoint : endpoints) {
      for (int status : statuses) {
        double v = e.value("http_requests_total", "endpoint=\"" + endpoint + "\"", "status=\"" + status + "\"");
        assertThat(v).isEqualTo((double) THREADS * PER_THREAD / 8);
        total += v;
      }
    }
    assertThat(total).isEqualTo((double) THREADS * PER_THREAD);
    double latencyCount = 0;
    for (String endpoint : endpoints) {
      latencyCount += e.value("api_latency_histogram_count", "endpoint=\"" + endpoint + "\"");
    }
    assertThat(latencyCount).isEqualTo((double) THREADS * PER_THREAD);
    assertThat(e.value("celery_task_total", "task_name=\"t\"", "status=\"success\""))
        .isEqualTo((double) THREADS * PER_THREAD);
    assertThat(e.value("celery_task_duration_seconds_count", "task_name=\"t\""))
        .isEqualTo((double) THREADS * PER_THREAD);
  }
}
