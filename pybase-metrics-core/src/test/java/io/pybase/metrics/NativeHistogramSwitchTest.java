package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import org.junit.jupiter.api.Test;

/** Histograms are classic-only by default; native histograms are one switch away and keep the classic buckets. */
class NativeHistogramSwitchTest {

  private static HistogramSnapshot.HistogramDataPointSnapshot latencyPoint(PyBaseMetricsConfig config) {
    PrometheusRegistry registry = new PrometheusRegistry();
    PyBaseMetrics.register(registry, config).http().requestFinished("GET", "/a", 200, 3_000_000);
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getPrometheusName().equals("api_latency_histogram")) {
        return ((HistogramSnapshot) s).getDataPoints().get(0);
      }
    }
    throw new AssertionError("api_latency_histogram not scraped");
  }

  @Test
  void classicOnlyByDefault() {
    HistogramSnapshot.HistogramDataPointSnapshot p = latencyPoint(PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    assertThat(p.hasClassicHistogramData()).isTrue();
    assertThat(p.hasNativeHistogramData()).isFalse();
  }

  @Test
  void nativeSwitchAddsNativeDataAndKeepsClassicBuckets() {
    HistogramSnapshot.HistogramDataPointSnapshot p = latencyPoint(
        PyBaseMetricsConfig.builder().jvmMetrics(false).nativeHistograms("api_latency_histogram", true).build());
    assertThat(p.hasNativeHistogramData()).isTrue();
    assertThat(p.hasClassicHistogramData()).isTrue();
    assertThat(p.getClassicBuckets().getUpperBound(0)).isEqualTo(0.005);
  }
}
