package io.pybase.metrics.spring.boot;

import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.endpoint.MetricsEndpointConfig;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.worker.WorkerNames;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code pybase.metrics.*} keys of {@code application.properties} and the library variable each stands for. The
 * validation, defaults and meaning are the variable's ({@link PyBaseMetricsConfig}, {@link ServletMetricsConfig},
 * {@link MetricsServerConfig} for {@code pybase.metrics.server.*}); {@link SpringConfigSource} reads both names.
 */
final class PyBaseMetricsProperties {

  /** Port of the metrics' own HTTP server (the management-port pattern); unset: metrics on the application port. */
  static final String SERVER_PORT = MetricsServerConfig.SERVER_PORT;

  private static final Map<String, String> SPRING_KEYS = Map.ofEntries(
      Map.entry(PyBaseMetricsConfig.ENABLED, "pybase.metrics.enabled"),
      Map.entry(MetricsEndpointConfig.PATH, "pybase.metrics.path"),
      Map.entry(PyBaseMetricsConfig.MAX_LABEL_VALUES, "pybase.metrics.max-label-values"),
      Map.entry(PyBaseMetricsConfig.NATIVE_HISTOGRAMS, "pybase.metrics.native-histograms"),
      Map.entry(PyBaseMetricsConfig.JVM_METRICS, "pybase.metrics.jvm-metrics"),
      Map.entry(WorkerNames.VARIABLE, "pybase.metrics.worker-name"),
      Map.entry(MetricsEndpointConfig.BEARER_TOKEN, "pybase.metrics.bearer-token"),
      Map.entry(MetricsEndpointConfig.USERNAME, "pybase.metrics.username"),
      Map.entry(MetricsEndpointConfig.PASSWORD, "pybase.metrics.password"),
      Map.entry(ServletMetricsConfig.EXCLUDED_PATHS, "pybase.metrics.excluded-paths"),
      Map.entry(SERVER_PORT, "pybase.metrics.server.port"),
      Map.entry(MetricsServerConfig.SERVER_HOST, "pybase.metrics.server.address"),
      Map.entry(MetricsServerConfig.HEALTH_PATH, "pybase.metrics.server.health-path"),
      Map.entry(MetricsServerConfig.THREADS, "pybase.metrics.server.threads"),
      Map.entry(MetricsServerConfig.MAX_CONNECTIONS, "pybase.metrics.server.max-connections"),
      Map.entry(MetricsServerConfig.IDLE_TIMEOUT, "pybase.metrics.server.idle-timeout-seconds"),
      Map.entry(MetricsServerConfig.REQUEST_HEADER_TIMEOUT, "pybase.metrics.server.request-header-timeout-seconds"));

  private PyBaseMetricsProperties() {}

  /** The Spring key of {@code variable}, or {@code null} when it has none (it is then read as a variable only). */
  static @Nullable String springKey(String variable) {
    return SPRING_KEYS.get(variable);
  }

  /** Every variable with its Spring key (what {@code META-INF/spring-configuration-metadata.json} documents). */
  static Map<String, String> springKeys() {
    return SPRING_KEYS;
  }
}
