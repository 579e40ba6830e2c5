package io.pybase.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
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
    assertThat(c.maxLabelValues()).isEqualTo(100);
    assertThat(c.nativeHistograms("api_latency_histogram")).isFalse();
    assertThat(c.jvmMetrics()).isTrue();
  }

  @Test
  void readsEveryVariable() {
    PyBaseMetricsConfig c = config(Map.of(
        "PROMETHEUS_ENABLED", "FALSE",
        "PROMETHEUS_MAX_LABEL_VALUES", " 20 ",
        "PROMETHEUS_NATIVE_HISTOGRAMS", "api_latency_histogram, db_query_duration_seconds",
        "PROMETHEUS_JVM_METRICS", "false"));
    assertThat(c.enabled()).isFalse();
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
    System.setProperty("prometheus.max.label.values", "123");
    try {
      assertThat(PyBaseMetricsConfig.fromEnvironment().maxLabelValues()).isEqualTo(123);
    } finally {
      System.clearProperty("prometheus.max.label.values");
    }
  }

  @Test
  void emptySystemPropertyNeverWinsOverTheEnvironment() {
    // PATH is set in every environment this test runs in: an empty -Dpath= must not hide it
    assertThat(System.getenv("PATH")).isNotBlank();
    System.setProperty("path", "");
    try {
      assertThat(ConfigSource.system().get("PATH")).isEqualTo(System.getenv("PATH"));
    } finally {
      System.clearProperty("path");
    }
  }

  @Test
  void blankValueCountsAsUnsetForOrdinarySettings() {
    assertThat(config(Map.of("PROMETHEUS_MAX_LABEL_VALUES", "  ", "PROMETHEUS_ENABLED", "")).maxLabelValues())
        .isEqualTo(100);
  }

  @ParameterizedTest(name = "secret ''{0}''")
  @CsvSource(value = {"''", "'   '"})
  void blankSecretStopsStartUpNamingTheSetting(String blank) {
    ConfigSource source = ConfigSource.of(Map.of("SOME_TOKEN", blank));
    assertThatThrownBy(() -> source.secret("SOME_TOKEN"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid SOME_TOKEN: it is set but empty")
        .hasMessageContaining("-Dsome.token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(ConfigSource.of(Map.of()).secret("SOME_TOKEN")).isNull();
  }

  @Test
  void anErrorGivenAsAnotherSettingNamesItForEveryKindOfValueAndKeepsTheVariable() {
    InvalidConfigurationException value = new InvalidConfigurationException("PROMETHEUS_MAX_LABEL_VALUES", "0",
        "an integer from 1 to 10000").givenAs("pybase.metrics.max-label-values");
    InvalidConfigurationException blank = InvalidConfigurationException.blankSecret("PROMETHEUS_METRICS_BEARER_TOKEN")
        .givenAs("pybase.metrics.bearer-token");
    InvalidConfigurationException hidden = InvalidConfigurationException.secret("PROMETHEUS_METRICS_USERNAME",
        "a name without ':'").givenAs("pybase.metrics.username");

    assertThat(value).hasMessage("Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected an integer from 1 to 10000 "
        + "(from pybase.metrics.max-label-values)");
    // the advice names the setting that was used, not an environment variable and a -D property that were not
    assertThat(blank).hasMessage("Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty; give a non-empty "
        + "value, or remove it to turn that authentication off (from pybase.metrics.bearer-token)");
    assertThat(hidden).hasMessage("Invalid PROMETHEUS_METRICS_USERNAME=<hidden>: expected a name without ':' "
        + "(from pybase.metrics.username)");
    assertThat(blank.variable()).isEqualTo("PROMETHEUS_METRICS_BEARER_TOKEN");
    assertThat(InvalidConfigurationException.blankSecret("PROMETHEUS_METRICS_BEARER_TOKEN")).hasMessage(
        "Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty; give a non-empty value, or unset it "
            + "(environment variable and -Dprometheus.metrics.bearer.token) to turn that authentication off");
  }

  @Test
  void emptySystemPropertySecretOverAnEnvironmentSecretIsNotAWin() {
    // An empty -D value must never switch authentication off when the environment has a real value; when the
    // environment has none, the blank property is reported.
    System.setProperty("pybase.test.only.secret", " ");
    try {
      assertThatThrownBy(() -> ConfigSource.system().secret("PYBASE_TEST_ONLY_SECRET"))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("PYBASE_TEST_ONLY_SECRET");
    } finally {
      System.clearProperty("pybase.test.only.secret");
    }
  }

  @Test
  void configsWithTheSameSettingsAreEqualAndDifferencesAreNamed() {
    PyBaseMetricsConfig a = PyBaseMetricsConfig.builder().maxLabelValues(5).jvmMetrics(false).build();
    PyBaseMetricsConfig b = PyBaseMetricsConfig.builder().jvmMetrics(false).maxLabelValues(5).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.differencesFrom(b)).isEmpty();
    assertThat(PyBaseMetricsConfig.builder().build().differencesFrom(a)).containsExactly(
        "maxLabelValues: 100 registered, 5 requested", "jvmMetrics: true registered, false requested");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "PROMETHEUS_ENABLED|maybe|Invalid PROMETHEUS_ENABLED='maybe': expected true or false",
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
  void builderRejectsBadCapWithTheSameMessage() {
    assertThatThrownBy(() -> PyBaseMetricsConfig.builder().maxLabelValues(0))
        .hasMessage("Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected an integer from 1 to 10000");
  }

  @ParameterizedTest(name = "PROMETHEUS_NATIVE_HISTOGRAMS={0}")
  @CsvSource(value = {"maybe", "api_latency_histogarm", "'api_latency_histogram,http_requests_total'"})
  void nativeHistogramsNamingNoHistogramOfTheCatalogueStopStartUp(String value) {
    PyBaseMetricsConfig c = config(Map.of("PROMETHEUS_NATIVE_HISTOGRAMS", value));
    assertThatThrownBy(() -> PyBaseMetrics.register(new PrometheusRegistry(), c))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid PROMETHEUS_NATIVE_HISTOGRAMS='")
        .hasMessageContaining("expected true, false, or a comma-separated list of these histograms: "
            + "api_latency_histogram, celery_task_duration_seconds");
  }
}
