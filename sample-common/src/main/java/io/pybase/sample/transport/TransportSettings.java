package io.pybase.sample.transport;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.sample.config.CredentialMask;
import io.pybase.sample.queue.RedisTaskQueue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * How the sample API and workers reach each other: {@code REDIS_URL} (unset: in memory, one JVM) and the queue's
 * consumer heartbeat TTL. Every read fails with a one-line {@link InvalidConfigurationException} naming the variable;
 * a password in {@code REDIS_URL} is never shown.
 *
 * <pre>{@code
 * TransportSettings s = TransportSettings.from(ConfigSource.system());
 * try (TaskTransport transport = TaskTransport.of(s)) { ... }
 * }</pre>
 *
 * @param redisUrl {@code REDIS_URL}: {@code redis://[:password@]host[:port]} or {@code rediss://...};
 *     {@code null} for in-memory
 * @param heartbeatTtl {@code QUEUE_HEARTBEAT_TTL_MS}: a consumer silent this long is dead, default 10 s
 */
public record TransportSettings(URI redisUrl, Duration heartbeatTtl) {

  /** Default {@code QUEUE_HEARTBEAT_TTL_MS}: the queue's own default, 10 s. */
  public static final Duration DEFAULT_HEARTBEAT_TTL = RedisTaskQueue.DEFAULT_HEARTBEAT_TTL;

  /** Reads {@code REDIS_URL} and {@code QUEUE_HEARTBEAT_TTL_MS}. */
  public static TransportSettings from(ConfigSource source) {
    return new TransportSettings(redisUrl(source),
        Duration.ofMillis(source.integer("QUEUE_HEARTBEAT_TTL_MS", (int) DEFAULT_HEARTBEAT_TTL.toMillis(), 500,
            600_000)));
  }

  /**
   * {@code REDIS_URL} as a URI, or {@code null} when unset.
   *
   * @throws InvalidConfigurationException when it is not a {@code redis://} or {@code rediss://} URL with a host and
   *     a port from 1 to 65535 (the message masks the password)
   */
  public static URI redisUrl(ConfigSource source) {
    String value = source.string("REDIS_URL", null);
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value);
      boolean scheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
      boolean port = uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65535);
      if (scheme && uri.getHost() != null && port) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidConfigurationException("REDIS_URL", CredentialMask.mask(value),
        "a redis://[:password@]host[:port] URL");
  }

  @Override
  public String toString() {
    return "TransportSettings{" + describe() + ", heartbeatTtl=" + heartbeatTtl + "}";
  }

  /** {@code REDIS_URL} with its password masked, for messages; {@code "in memory"} when unset. */
  public String describe() {
    return redisUrl == null ? "in memory" : CredentialMask.mask(redisUrl.toString());
  }
}
