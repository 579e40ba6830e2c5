package io.pybase.metrics.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One endpoint policy for every transport: path and credentials, read and checked the same way. */
class MetricsEndpointConfigTest {

  private static MetricsEndpointConfig from(Map<String, String> vars) {
    return MetricsEndpointConfig.from(ConfigSource.of(vars));
  }

  @Test
  void unsetPathLeavesTheTransportsDefault() {
    MetricsEndpointConfig c = from(Map.of());
    assertThat(c.path()).isNull();
    assertThat(c.pathOr("/metrics")).isEqualTo("/metrics");
    assertThat(c.requiresAuthentication()).isFalse();
    assertThat(ScrapeAuthentication.of(c).permits(null)).isTrue();
  }

  @Test
  void readsPathTokenAndBasicCredentials() {
    MetricsEndpointConfig c = from(Map.of("PROMETHEUS_METRICS_PATH", "/internal/metrics",
        "PROMETHEUS_METRICS_BEARER_TOKEN", "s3cret", "PROMETHEUS_METRICS_USERNAME", "prom",
        "PROMETHEUS_METRICS_PASSWORD", "pw"));
    assertThat(c.pathOr("/metrics")).isEqualTo("/internal/metrics");
    ScrapeAuthentication auth = ScrapeAuthentication.of(c);
    assertThat(auth.permits("Bearer s3cret")).isTrue();
    assertThat(auth.permits("bearer s3cret")).isTrue();
    assertThat(auth.permits("Basic " + base64("prom:pw"))).isTrue();
    assertThat(auth.permits("Bearer s3cre")).isFalse();
    assertThat(auth.permits("Basic " + base64("prom:pW"))).isFalse();
    assertThat(auth.permits("Basic not-base64!")).isFalse();
    assertThat(auth.permits(null)).isFalse();
    assertThat(auth.challenge()).startsWith("Basic realm=\"metrics\"");
    assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("pw}");
  }

  @Test
  void bearerOnlyChallengesWithBearer() {
    ScrapeAuthentication auth = ScrapeAuthentication.of(MetricsEndpointConfig.builder().bearerToken("t").build());
    assertThat(auth.challenge()).isEqualTo("Bearer realm=\"metrics\"");
    assertThat(auth.permits("Basic " + base64("t:t"))).isFalse();
  }

  @ParameterizedTest(name = "{0}=''{1}''")
  @CsvSource(value = {"PROMETHEUS_METRICS_BEARER_TOKEN,''", "PROMETHEUS_METRICS_BEARER_TOKEN,'  '",
      "PROMETHEUS_METRICS_PASSWORD,''"})
  void anEmptySecretStopsStartUpNamingTheSetting(String variable, String value) {
    Map<String, String> vars = variable.endsWith("PASSWORD")
        ? Map.of("PROMETHEUS_METRICS_USERNAME", "prom", variable, value) : Map.of(variable, value);
    assertThatThrownBy(() -> from(vars))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid " + variable + ": it is set but empty");
  }

  @Test
  void userWithoutPasswordIsRefusedNamingTheOneThatIsSetAndHidingIt() {
    assertThatThrownBy(() -> from(Map.of("PROMETHEUS_METRICS_USERNAME", "prom")))
        .isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(e.variable()).isEqualTo("PROMETHEUS_METRICS_USERNAME"))
        .hasMessage("Invalid PROMETHEUS_METRICS_USERNAME=<hidden>: expected PROMETHEUS_METRICS_PASSWORD set as well "
            + "(basic auth needs both, or neither)");
    assertThatThrownBy(() -> from(Map.of("PROMETHEUS_METRICS_PASSWORD", "TopSecretPw")))
        .hasMessage("Invalid PROMETHEUS_METRICS_PASSWORD=<hidden>: expected PROMETHEUS_METRICS_USERNAME set as well "
            + "(basic auth needs both, or neither)");
  }

  @ParameterizedTest(name = "path {0}")
  @ValueSource(strings = {"metrics", "/", "/metrics/", "/metrics/*", "/a//b", "/a b", "/a?b"})
  void pathsThatAreNotPlainAbsolutePathsAreRefusedInEnvironmentAndBuilderAlike(String path) {
    assertThatThrownBy(() -> from(Map.of("PROMETHEUS_METRICS_PATH", path)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid PROMETHEUS_METRICS_PATH='" + path.strip() + "': expected a path such as");
    assertThatThrownBy(() -> MetricsEndpointConfig.builder().path(path))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid PROMETHEUS_METRICS_PATH='" + path + "'");
  }

  @Test
  void secretsAreNeverShownInMessages() {
    assertThatThrownBy(() -> MetricsEndpointConfig.builder().bearerToken(" TopSecretPw"))
        .hasMessage("Invalid PROMETHEUS_METRICS_BEARER_TOKEN=<hidden>: expected a token without leading or trailing "
            + "whitespace");
    assertThatThrownBy(() -> MetricsEndpointConfig.builder().basicAuth("a:TopSecretPw", "x"))
        .hasMessageNotContaining("TopSecretPw");
  }

  @Test
  void equalSettingsAreEqualAndDifferencesAreNamedWithoutSecrets() {
    MetricsEndpointConfig a = MetricsEndpointConfig.builder().path("/m").bearerToken("tokenAlpha").build();
    MetricsEndpointConfig b = MetricsEndpointConfig.builder().bearerToken("tokenAlpha").path("/m").build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toBuilder().build()).isEqualTo(a);
    MetricsEndpointConfig c = MetricsEndpointConfig.builder().bearerToken("tokenBeta").basicAuth("u", "p").build();
    assertThat(a.differencesFrom(c)).containsExactly(
        "metrics path: /m installed, null requested",
        "bearer token: set installed, set (a different one) requested",
        "basic auth: unset installed, set requested");
    assertThat(String.join(" ", a.differencesFrom(c))).doesNotContain("tokenAlpha").doesNotContain("tokenBeta");
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
