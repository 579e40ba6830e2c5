package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.endpoint.ScrapeAuthentication;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServletMetricsConfigTest {

  @Test
  void readsEveryVariable() {
    ServletMetricsConfig c = ServletMetricsConfig.from(ConfigSource.of(Map.of(
        "PROMETHEUS_METRICS_BEARER_TOKEN", "tok",
        "PROMETHEUS_METRICS_USERNAME", "prom",
        "PROMETHEUS_METRICS_PASSWORD", "pw",
        "PROMETHEUS_METRICS_EXCLUDED_PATHS", " /health , /static/* ",
        "PROMETHEUS_SERVLET_AUTO_INSTALL", "FALSE")));
    assertThat(c.endpoint().bearerToken()).isEqualTo("tok");
    assertThat(c.endpoint().username()).isEqualTo("prom");
    assertThat(c.endpoint().password()).isEqualTo("pw");
    assertThat(c.excludedPaths()).containsExactly("/health", "/static/*");
    assertThat(c.autoInstall()).isFalse();
    assertThat(c.toString()).doesNotContain("tok", "pw");
  }

  @Test
  void defaultsToNoProtectionAndTheApiMetricsPath() {
    ServletMetricsConfig c = ServletMetricsConfig.from(ConfigSource.of(Map.of()));
    assertThat(c.endpoint().requiresAuthentication()).isFalse();
    assertThat(c.autoInstall()).isTrue();
    assertThat(c.excludeMetricsEndpoint()).isTrue();
    assertThat(c.metricsPath()).isEqualTo("/api/v1/metrics");
    assertThat(ServletMetricsConfig.from(ConfigSource.of(Map.of("PROMETHEUS_METRICS_PATH", "/m"))).metricsPath())
        .isEqualTo("/m");
  }

  @Test
  void rejectsUsernameWithoutPasswordNamingBothVariables() {
    assertThatThrownBy(() -> ServletMetricsConfig.from(ConfigSource.of(Map.of("PROMETHEUS_METRICS_USERNAME", "u"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Invalid PROMETHEUS_METRICS_USERNAME=<hidden>: expected PROMETHEUS_METRICS_PASSWORD set as well "
            + "(basic auth needs both, or neither)");
  }

  @Test
  void rejectsRelativeExcludedPathInOneLine() {
    assertThatThrownBy(() -> ServletMetricsConfig.from(ConfigSource.of(
        Map.of("PROMETHEUS_METRICS_EXCLUDED_PATHS", "/ok,health"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Invalid PROMETHEUS_METRICS_EXCLUDED_PATHS='/ok,health': expected comma-separated paths "
            + "starting with '/', such as /health,/static/*");
  }

  @Test
  void rejectsBadAutoInstallValue() {
    assertThatThrownBy(() -> ServletMetricsConfig.from(ConfigSource.of(
        Map.of("PROMETHEUS_SERVLET_AUTO_INSTALL", "maybe"))))
        .hasMessage("Invalid PROMETHEUS_SERVLET_AUTO_INSTALL='maybe': expected true or false");
  }

  @Test
  void checksCredentialsOfBothKinds() {
    ScrapeAuthentication both = ScrapeAuthentication.of(ServletMetricsConfig.builder()
        .bearerToken("t0k").basicAuth("u", "p").build().endpoint());
    assertThat(both.permits(null)).isFalse();
    assertThat(both.permits("Bearer t0k")).isTrue();
    assertThat(both.permits("bearer t0k")).isTrue();
    assertThat(both.permits("Bearer t0")).isFalse();
    assertThat(both.permits("Basic dTpw")).isTrue();          // u:p
    assertThat(both.permits("Basic dTpx")).isFalse();         // u:q
    assertThat(both.permits("Basic !!")).isFalse();
    assertThat(both.permits("Digest x")).isFalse();
    assertThat(ScrapeAuthentication.of(ServletMetricsConfig.builder().build().endpoint()).permits(null)).isTrue();
  }

  @Test
  void emptyTokenFromTheEnvironmentStopsStartUp() {
    assertThatThrownBy(() -> ServletMetricsConfig.from(ConfigSource.of(
        Map.of("PROMETHEUS_METRICS_BEARER_TOKEN", " "))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty");
  }

  @Test
  void equalSettingsAreEqualAndDifferencesAreNamed() {
    ServletMetricsConfig a = ServletMetricsConfig.builder().excludedPaths("/static/*").build();
    assertThat(a).isEqualTo(a.toBuilder().build()).hasSameHashCodeAs(a.toBuilder().build());
    assertThat(a.differencesFrom(ServletMetricsConfig.builder().bearerToken("x").build())).containsExactly(
        "bearer token: unset installed, set requested", "excluded paths: [/static/*] installed, [] requested");
  }

  @Test
  void excludesPathsUnderAnExcludedPrefixAndTheMetricsPathOnly() {
    ServletMetricsConfig c = ServletMetricsConfig.builder().excludedPaths("/health", "/internal/*").build();
    assertThat(c.excludesPath("/health")).isTrue();
    assertThat(c.excludesPath("/internal")).isTrue();
    assertThat(c.excludesPath("/internal/jobs/{id}")).isTrue();
    assertThat(c.excludesPath(c.metricsPath())).isTrue();
    assertThat(c.excludesPath("/internals")).isFalse();
    assertThat(c.excludesPath("/health/deep")).isFalse();
    assertThat(c.excludesPath(null)).isFalse();
    assertThat(c.toBuilder().excludeMetricsEndpoint(false).build().excludesPath(c.metricsPath())).isFalse();
  }
}
