package io.pybase.metrics.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.endpoint.MetricsEndpointConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsServerConfigTest {

  @Test
  void defaultsAreSafeForAContainer() {
    MetricsServerConfig config = MetricsServerConfig.from(ConfigSource.of(Map.of()));

    assertThat(config).isEqualTo(MetricsServerConfig.builder().build());
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.metricsPath()).isEqualTo("/metrics");
    assertThat(config.healthPath()).isEqualTo("/health");
    assertThat(config.threads()).isEqualTo(4);
    assertThat(config.maxConnections()).isEqualTo(32);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.requestHeaderTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.endpoint().requiresAuthentication()).isFalse();
  }

  @Test
  void readsEverySettingFromTheEnvironmentAsTheBuilderSetsIt() {
    ConfigSource env = ConfigSource.of(Map.ofEntries(
        Map.entry("PROMETHEUS_METRICS_HOST", "127.0.0.1"),
        Map.entry("PROMETHEUS_METRICS_PORT", "9091"),
        Map.entry("PROMETHEUS_METRICS_PATH", "/internal/metrics"),
        Map.entry("PROMETHEUS_METRICS_HEALTH_PATH", "/healthz"),
        Map.entry("PROMETHEUS_METRICS_BEARER_TOKEN", "t0ken"),
        Map.entry("PROMETHEUS_METRICS_SERVER_THREADS", "2"),
        Map.entry("PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS", "8"),
        Map.entry("PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS", "12"),
        Map.entry("PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS", "2.5")));

    MetricsServerConfig fromEnv = MetricsServerConfig.from(env);
    MetricsServerConfig inCode = MetricsServerConfig.builder().host("127.0.0.1").port(9091)
        .metricsPath("/internal/metrics").healthPath("/healthz").bearerToken("t0ken").threads(2).maxConnections(8)
        .idleTimeout(Duration.ofSeconds(12)).requestHeaderTimeout(Duration.ofMillis(2500)).build();

    assertThat(fromEnv).isEqualTo(inCode).hasSameHashCodeAs(inCode);
    assertThat(fromEnv.toBuilder().build()).isEqualTo(fromEnv);
    assertThat(fromEnv.toString()).doesNotContain("t0ken").contains("bearerToken=set")
        .contains("requestHeaderTimeout=2.5s");
  }

  /** The same bad value gives the same one-line message from the environment and from the builder. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "PROMETHEUS_METRICS_PORT|70000|an integer from 0 to 65535 (0: any free port)",
      "PROMETHEUS_METRICS_PORT|-1|an integer from 0 to 65535 (0: any free port)",
      "PROMETHEUS_METRICS_HOST|my host|an IP address or host name such as 0.0.0.0, 127.0.0.1, :: or metrics.internal "
          + "(letters, digits, '.', '-', ':', '_', '%')",
      "PROMETHEUS_METRICS_HEALTH_PATH|health|a path such as /health: '/' then segments of letters, digits, '.', '_', "
          + "'~' or '-' separated by single '/', no trailing '/' or wildcard",
      "PROMETHEUS_METRICS_PATH|/metrics/*|a path such as /metrics: '/' then segments of letters, digits, '.', '_', "
          + "'~' or '-' separated by single '/', no trailing '/' or wildcard",
      "PROMETHEUS_METRICS_SERVER_THREADS|0|an integer from 1 to 64",
      "PROMETHEUS_METRICS_SERVER_THREADS|65|an integer from 1 to 64",
      "PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS|0|an integer from 1 to 10000",
      "PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS|0.5|a number of seconds from 1 to 3600 (fractions such as 2.5 "
          + "allowed)",
      "PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS|3601|a number of seconds from 1 to 3600 (fractions such as 2.5 "
          + "allowed)",
      "PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS|301|a number of seconds from 1 to 300 (fractions "
          + "such as 2.5 allowed)",
  })
  void rejectsABadValueWithTheSameMessageFromEnvironmentAndBuilder(String variable, String value, String allowed) {
    String message = "Invalid " + variable + "='" + value + "': expected " + allowed;

    assertThatThrownBy(() -> MetricsServerConfig.from(ConfigSource.of(Map.of(variable, value))))
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message)
        .isInstanceOfSatisfying(InvalidConfigurationException.class,
            e -> assertThat(e.variable()).isEqualTo(variable));
    assertThatThrownBy(() -> builderSetter(variable).accept(value))
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "PROMETHEUS_METRICS_PORT|abc|an integer from 0 to 65535 (0: any free port)",
      "PROMETHEUS_METRICS_SERVER_THREADS|four|an integer from 1 to 64",
      "PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS|5s|a number of seconds from 1 to 300 (fractions "
          + "such as 2.5 allowed)",
      "PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS|1.0005|a number of seconds from 1 to 300 (fractions "
          + "such as 2.5 allowed)",
  })
  void rejectsAValueThatIsNotANumberNamingTheVariable(String variable, String value, String allowed) {
    assertThatThrownBy(() -> MetricsServerConfig.from(ConfigSource.of(Map.of(variable, value))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Invalid " + variable + "='" + value + "': expected " + allowed);
  }

  @Test
  void refusesAMetricsPathEqualToTheHealthPathSayingWhatIsAllowed() {
    String message = "Invalid PROMETHEUS_METRICS_PATH='/healthz': expected a path other than the health path "
        + "(PROMETHEUS_METRICS_HEALTH_PATH=/healthz)";
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PATH", "/healthz",
        "PROMETHEUS_METRICS_HEALTH_PATH", "/healthz"));

    assertThatThrownBy(() -> MetricsServerConfig.from(env)).hasMessage(message);
    assertThatThrownBy(() -> MetricsServerConfig.builder().healthPath("/healthz").metricsPath("/healthz").build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
  }

  @Test
  void refusesAnEmptySecretAsEveryEndpointDoes() {
    assertThatThrownBy(() -> MetricsServerConfig.from(ConfigSource.of(Map.of("PROMETHEUS_METRICS_BEARER_TOKEN", " "))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty");
    assertThatThrownBy(() -> MetricsServerConfig.builder().bearerToken(""))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty");
  }

  @Test
  void besideAnApplicationListensWhereTheServerVariablesSayAndNeverWhereAWorkersDo() {
    ConfigSource env = ConfigSource.of(Map.of(
        "PROMETHEUS_METRICS_PORT", "9091", "PROMETHEUS_METRICS_HOST", "10.1.2.3",   // a worker's, in a shared env
        "PROMETHEUS_METRICS_SERVER_PORT", "8001", "PROMETHEUS_METRICS_SERVER_HOST", "127.0.0.1",
        "PROMETHEUS_METRICS_SERVER_THREADS", "2", "PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS", "3",
        "PROMETHEUS_METRICS_PATH", "/ignored"));   // the application's endpoint names the path
    MetricsEndpointConfig appEndpoint = MetricsEndpointConfig.builder().path("/api/v1/metrics").bearerToken("t0ken")
        .build();

    MetricsServerConfig config = MetricsServerConfig.besideApplication(env, appEndpoint).orElseThrow();

    assertThat(config).isEqualTo(MetricsServerConfig.builder().host("127.0.0.1").port(8001).endpoint(appEndpoint)
        .threads(2).requestHeaderTimeout(Duration.ofSeconds(3)).build());
    assertThat(config.metricsPath()).isEqualTo("/api/v1/metrics");
    assertThat(MetricsServerConfig.besideApplication(ConfigSource.of(Map.of("PROMETHEUS_METRICS_SERVER_PORT", "0")),
        appEndpoint).orElseThrow().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void besideAnApplicationThereIsNoServerWithoutTheServerPortWhateverAWorkersPortSays() {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PORT", "9091",
        "PROMETHEUS_METRICS_SERVER_THREADS", "2"));

    assertThat(MetricsServerConfig.besideApplication(env, MetricsEndpointConfig.builder().build())).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "PROMETHEUS_METRICS_SERVER_PORT|70000|an integer from 0 to 65535 (0: any free port)",
      "PROMETHEUS_METRICS_SERVER_PORT|abc|an integer from 0 to 65535 (0: any free port)",
      "PROMETHEUS_METRICS_SERVER_HOST|my host|an IP address or host name such as 0.0.0.0, 127.0.0.1, :: or "
          + "metrics.internal (letters, digits, '.', '-', ':', '_', '%')",
      "PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS|0|an integer from 1 to 10000",
  })
  void besideAnApplicationABadValueNamesTheServerVariable(String variable, String value, String allowed) {
    Map<String, String> env = new HashMap<>(Map.of("PROMETHEUS_METRICS_SERVER_PORT", "8001"));
    env.put(variable, value);

    assertThatThrownBy(() -> MetricsServerConfig.besideApplication(ConfigSource.of(env),
        MetricsEndpointConfig.builder().build()))
        .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.variable()).isEqualTo(variable))
        .hasMessage("Invalid " + variable + "='" + value + "': expected " + allowed);
  }

  private static Consumer<String> builderSetter(String variable) {
    MetricsServerConfig.Builder b = MetricsServerConfig.builder();
    return switch (variable) {
      case "PROMETHEUS_METRICS_PORT" -> v -> b.port(Integer.parseInt(v));
      case "PROMETHEUS_METRICS_HOST" -> b::host;
      case "PROMETHEUS_METRICS_HEALTH_PATH" -> b::healthPath;
      case "PROMETHEUS_METRICS_PATH" -> b::metricsPath;
      case "PROMETHEUS_METRICS_SERVER_THREADS" -> v -> b.threads(Integer.parseInt(v));
      case "PROMETHEUS_METRICS_SERVER_MAX_CONNECTIONS" -> v -> b.maxConnections(Integer.parseInt(v));
      case "PROMETHEUS_METRICS_SERVER_IDLE_TIMEOUT_SECONDS" -> v -> b.idleTimeout(seconds(v));
      case "PROMETHEUS_METRICS_SERVER_REQUEST_HEADER_TIMEOUT_SECONDS" -> v -> b.requestHeaderTimeout(seconds(v));
      default -> throw new IllegalArgumentException(variable);
    };
  }

  /** A variable's decimal seconds as a duration, to the millisecond. */
  private static Duration seconds(String value) {
    return Duration.ofMillis(new java.math.BigDecimal(value).movePointRight(3).longValueExact());
  }
}
