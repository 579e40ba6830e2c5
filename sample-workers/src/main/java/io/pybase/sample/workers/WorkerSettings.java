package io.pybase.sample.workers;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The sample workers' own settings (the metrics settings are the library's {@code PyBaseMetricsConfig}). Every
 * read fails with a one-line {@link InvalidConfigurationException} naming the variable.
 *
 * <pre>{@code
 * WorkerSettings s = WorkerSettings.from(ConfigSource.system());
 * WorkerSettings test = WorkerSettings.defaults().withFailureRate(0.5);
 * }</pre>
 *
 * @param concurrency {@code WORKER_CONCURRENCY}: consumer threads per worker, default 2
 * @param failureRate {@code EXTRACTION_FAILURE_RATE}: probability of an injected transient fault per extraction
 *     attempt, 0 to 1, default 0.1
 * @param maxAttempts {@code EXTRACTION_MAX_ATTEMPTS}: attempts before a transient fault is final, default 3
 * @param redisUrl {@code REDIS_URL}: the Redis queue, cache and events; {@code null} for in-memory
 * @param heartbeatTtl {@code QUEUE_HEARTBEAT_TTL_MS}: how long a silent consumer counts as alive, default 10 s
 * @param recoveryInterval {@code QUEUE_RECOVERY_INTERVAL_MS}: how often dead consumers are looked for, default 5 s
 */
public record WorkerSettings(int concurrency, double failureRate, int maxAttempts, URI redisUrl,
    Duration heartbeatTtl, Duration recoveryInterval) {

  /** The defaults: 2 consumers, 10% injected faults, 3 attempts, in-memory queue. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(2, 0.1, 3, null, Duration.ofSeconds(10), Duration.ofSeconds(5));
  }

  /** Reads every setting from {@code source}. */
  public static WorkerSettings from(ConfigSource source) {
    return new WorkerSettings(
        source.integer("WORKER_CONCURRENCY", 2, 1, 64),
        rate(source, "EXTRACTION_FAILURE_RATE", 0.1),
        source.integer("EXTRACTION_MAX_ATTEMPTS", 3, 1, 10),
        redisUrl(source),
        Duration.ofMillis(source.integer("QUEUE_HEARTBEAT_TTL_MS", 10_000, 500, 600_000)),
        Duration.ofMillis(source.integer("QUEUE_RECOVERY_INTERVAL_MS", 5_000, 100, 600_000)));
  }

  public WorkerSettings withFailureRate(double rate) {
    return new WorkerSettings(concurrency, rate, maxAttempts, redisUrl, heartbeatTtl, recoveryInterval);
  }

  public WorkerSettings withRedis(URI uri, Duration heartbeatTtl, Duration recoveryInterval) {
    return new WorkerSettings(concurrency, failureRate, maxAttempts, uri, heartbeatTtl, recoveryInterval);
  }

  /** {@code REDIS_URL} as a URI, or {@code null} when unset. */
  public static URI redisUrl(ConfigSource source) {
    String value = source.string("REDIS_URL", null);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidConfigurationException("REDIS_URL", value, "a redis://host:port URL");
  }

  private static double rate(ConfigSource source, String variable, double defaultValue) {
    String value = source.get(variable);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      double d = Double.parseDouble(value.trim());
      if (d >= 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidConfigurationException(variable, value, "a number from 0 to 1");
  }
}
