package io.pybase.sample.workers;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.sample.transport.TransportSettings;
import java.net.URI;
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
    return new WorkerSettings(2, 0.1, 3, null, TransportSettings.DEFAULT_HEARTBEAT_TTL, Duration.ofSeconds(5));
  }

  /** Reads every setting from {@code source}. */
  public static WorkerSettings from(ConfigSource source) {
    TransportSettings transport = TransportSettings.from(source);
    return new WorkerSettings(
        source.integer("WORKER_CONCURRENCY", 2, 1, 64),
        rate(source, "EXTRACTION_FAILURE_RATE", 0.1),
        source.integer("EXTRACTION_MAX_ATTEMPTS", 3, 1, 10),
        transport.redisUrl(),
        transport.heartbeatTtl(),
        Duration.ofMillis(source.integer("QUEUE_RECOVERY_INTERVAL_MS", 5_000, 100, 600_000)));
  }

  public WorkerSettings withFailureRate(double rate) {
    return new WorkerSettings(concurrency, rate, maxAttempts, redisUrl, heartbeatTtl, recoveryInterval);
  }

  public WorkerSettings withRedis(URI uri, Duration heartbeatTtl, Duration recoveryInterval) {
    return new WorkerSettings(concurrency, failureRate, maxAttempts, uri, heartbeatTtl, recoveryInterval);
  }

  /** The queue and events these settings name (Redis or in memory) and the heartbeat TTL. */
  public TransportSettings transport() {
    return new TransportSettings(redisUrl, heartbeatTtl);
  }

  @Override
  public String toString() {
    return "WorkerSettings{concurrency=" + concurrency + ", failureRate=" + failureRate + ", maxAttempts="
        + maxAttempts + ", transport=" + transport().describe() + ", heartbeatTtl=" + heartbeatTtl
        + ", recoveryInterval=" + recoveryInterval + "}";
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
