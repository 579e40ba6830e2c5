package io.pybase.sample.api;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.sample.config.CredentialMask;
import io.pybase.sample.config.NetworkSettings;
import io.pybase.sample.transport.TransportSettings;
import java.net.URI;
import java.time.Duration;

/**
 * The sample API's own settings (metrics settings are the library's). Every read fails with a one-line
 * {@code InvalidConfigurationException} naming the variable.
 *
 * <pre>{@code
 * ApiSettings s = ApiSettings.from(ConfigSource.system());
 * ApiSettings test = ApiSettings.defaults().withPort(0).withMetricsPort(0).withHost("127.0.0.1");
 * }</pre>
 *
 * @param host {@code BIND_HOST}, default {@code 0.0.0.0}
 * @param port {@code API_PORT}, default 8000 (0 binds a free port)
 * @param metricsPort {@code API_METRICS_PORT}, default 8001: the API's metrics on their own port and threads
 *     ({@code /metrics}, {@code /health}), beside {@code /api/v1/metrics} on {@code API_PORT} (0 binds a free port)
 * @param maxBodyBytes {@code API_MAX_BODY_BYTES}, default 1 MiB
 * @param searchTimeout {@code SEARCH_TIMEOUT_MS}, default 2000
 * @param cacheTtl {@code CACHE_TTL_SECONDS}, default 60
 * @param redisUrl {@code REDIS_URL}: Redis cache, queue and events; {@code null} for in-memory
 */
public record ApiSettings(String host, int port, int metricsPort, int maxBodyBytes, Duration searchTimeout,
    Duration cacheTtl, URI redisUrl) {

  /** {@code API_METRICS_PORT}: the port of the API's own metrics server. */
  public static final String METRICS_PORT = "API_METRICS_PORT";
  /** The API's metrics port when {@code API_METRICS_PORT} is not set. */
  public static final int DEFAULT_METRICS_PORT = 8001;
  /** 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  public static ApiSettings defaults() {
    return new ApiSettings("0.0.0.0", 8000, DEFAULT_METRICS_PORT, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(2),
        Duration.ofSeconds(60), null);
  }

  public static ApiSettings from(ConfigSource source) {
    int port = NetworkSettings.port(source, "API_PORT", 8000);
    int metricsPort = NetworkSettings.port(source, METRICS_PORT, DEFAULT_METRICS_PORT);
    if (metricsPort == port && port != 0) {
      throw new InvalidConfigurationException(METRICS_PORT, String.valueOf(metricsPort),
          "a port other than API_PORT (" + port + ")");
    }
    return new ApiSettings(
        NetworkSettings.bindHost(source, "0.0.0.0"),
        port,
        metricsPort,
        source.integer("API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 64 << 20),
        Duration.ofMillis(source.integer("SEARCH_TIMEOUT_MS", 2000, 50, 60_000)),
        Duration.ofSeconds(source.integer("CACHE_TTL_SECONDS", 60, 1, 86_400)),
        TransportSettings.redisUrl(source));
  }

  @Override
  public String toString() {
    return "ApiSettings{host=" + host + ", port=" + port + ", metricsPort=" + metricsPort + ", maxBodyBytes=" + maxBodyBytes + ", searchTimeout="
        + searchTimeout + ", cacheTtl=" + cacheTtl + ", redisUrl="
        + (redisUrl == null ? "unset" : CredentialMask.mask(redisUrl.toString())) + "}";
  }

  public ApiSettings withHost(String host) {
    return new ApiSettings(host, port, metricsPort, maxBodyBytes, searchTimeout, cacheTtl, redisUrl);
  }

  public ApiSettings withPort(int port) {
    return new ApiSettings(host, port, metricsPort, maxBodyBytes, searchTimeout, cacheTtl, redisUrl);
  }

  /** The API's metrics port (0: a free one). */
  public ApiSettings withMetricsPort(int metricsPort) {
    return new ApiSettings(host, port, metricsPort, maxBodyBytes, searchTimeout, cacheTtl, redisUrl);
  }

  public ApiSettings withRedis(URI redisUrl) {
    return new ApiSettings(host, port, metricsPort, maxBodyBytes, searchTimeout, cacheTtl, redisUrl);
  }
}
