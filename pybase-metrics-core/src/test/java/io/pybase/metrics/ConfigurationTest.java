package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Configuration from variables: defaults, overrides and one clear message per bad value. */
class ConfigurationTest {

  private static PyBaseMetricsConfig config(Map<String, String> vars) {
    return PyBaseMetricsConfig.from(ConfigSource.of(vars));
  }

  @Test
  void defaultsWhenNothingIsSet() {
    PyBaseMetricsConfig c = config(Map.of());
    assertThat(c.enabled()).isTrue();
    assertThat(c.metricsPath()).isEqualTo("/api/v1/metrics");
    assertThat(c.metricsPort()).isEqualTo(9090);
    assertThat(c.workerName()).isEqualTo("worker");
    assertThat(c.maxLabelValues()).isEqualTo(100);
    assertThat(c.nativeHistograms("api_latency_histogram")).isFalse();
    assertThat(c.jvmMetrics()).isTrue();
  }

  @Test
  void readsEveryVariable() {
    PyBaseMetricsConfig c = config(Map.of(
        "PROMETHEUS_ENABLED", "FALSE",
        "PROMETHEUS_METRICS_PATH", "/metrics",
        "PROMETHEUS_METRICS_PORT", " 9091 ",
        "WORKER_NAME", "extraction",
        "PROMETHEUS_MAX_LABEL_VALUES", "20",
        "PROMETHEUS_NATIVE_HISTOGRAMS", "api_latency_histogram, db_query_duration_seconds",
        "PROMETHEUS_JVM_METRICS", "false"));
    assertThat(c.enabled()).isFalse();
    assertThat(c.metricsPath()).isEqualTo("/metrics");
    assertThat(c.metricsPort()).isEqualTo(9091);
    assertThat(c.workerName()).isEqualTo("extraction");
    assertThat(c.maxLabelValues()).isEqualTo(20);
    assertThat(c.nativeHistograms("api_latency_histogram")).isTrue();
    assertThat(c.nativeHistograms("db_query_duration_seconds")).isTrue();
    assertThat(c.nativeHistograms("celery_task_duration_seconds")).isFalse();
    assertThat(c.jvmMetrics()).isFalse();
  }

  @Test
  void nativeHistogramsGlobalSwitchWithPerMetricOverride() {
    PyBaseMetricsConfig c = PyBaseMetricsConfig.builder().nativeHistograms(true)
        .nativeHistograms("db_query_duration_seconds", false).build();
    assertThat(c.nativeHistograms("api_latency_histogram")).isTrue();
    assertThat(c.nativeHistograms("db_query_duration_seconds")).isFalse();
    assertThat(config(Map.of("PROMETHEUS_NATIVE_HISTOGRAMS", "true")).nativeHistograms("x")).isTrue();
  }

  @Test
  void systemPropertyTakesPrecedenceOverEnvironment() {
    System.setProperty("prometheus.metrics.port", "9123");
    try {
      assertThat(PyBaseMetricsConfig.fromEnvironment().metricsPort()).isEqualTo(9123);
    } finally {
      System.clearProperty("prometheus.metrics.port");
    }
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "PROMETHEUS_ENABLED|maybe|Invalid PROMETHEUS_ENABLED='maybe': expected true or false",
      "PROMETHEUS_METRICS_PORT|0|Invalid PROMETHEUS_METRICS_PORT='0': expected an integer from 1 to 65535",
      "PROMETHEUS_METRICS_PORT|70000|Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 1 to 65535",
      "PROMETHEUS_METRICS_PORT|abc|Invalid PROMETHEUS_METRICS_PORT='abc': expected an integer from 1 to 65535",
      "PROMETHEUS_METRICS_PORT|-1|Invalid PROMETHEUS_METRICS_PORT='-1': expected an integer from 1 to 65535",
      "PROMETHEUS_METRICS_PATH|metrics|Invalid PROMETHEUS_METRICS_PATH='metrics': expected a path starting with '/', such as /metrics",
      "WORKER_NAME|a b|Invalid WORKER_NAME='a b': expected 1 to 64 letters, digits, '_', '.' or '-'",
      "PROMETHEUS_MAX_LABEL_VALUES|0|Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected an integer from 1 to 10000",
      "PROMETHEUS_NATIVE_HISTOGRAMS|yes please|Invalid PROMETHEUS_NATIVE_HISTOGRAMS='yes please': expected true, false, or a comma-separated list of histogram names",
      "PROMETHEUS_JVM_METRICS|1|Invalid PROMETHEUS_JVM_METRICS='1': expected true or false",
  })
  void badValueStopsStartUpWithOneLineNamingVariableValueAndAllowed(String variable, String value, String message) {
    assertThatThrownBy(() -> config(Map.of(variable, value)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((InvalidConfigurationException) e).variable()).isEqualTo(variable))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void builderRejectsBadPortWithTheSameMessage() {
    assertThatThrownBy(() -> PyBaseMetricsConfig.builder().metricsPort(70000))
        .hasMessage("Invalid PROMETHEUS_METRICS_PORT='70000': expected an integer from 1 to 65535");
  }
}
