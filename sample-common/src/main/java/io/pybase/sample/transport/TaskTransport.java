package io.pybase.sample.transport;

import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.StartupException;
import io.pybase.sample.events.InMemoryTaskEvents;
import io.pybase.sample.events.RedisTaskEvents;
import io.pybase.sample.events.TaskEvents;
import io.pybase.sample.queue.InMemoryTaskQueue;
import io.pybase.sample.queue.RedisTaskQueue;
import io.pybase.sample.queue.TaskQueue;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * How the API and the workers talk: the task queue and the task events, both in memory (one JVM) or both on Redis.
 *
 * <pre>{@code
 * try (TaskTransport t = TaskTransport.of(TransportSettings.from(ConfigSource.system()))) {   // Redis when REDIS_URL is set
 *   t.queue().push(QueueNames.EXTRACTION, message);
 * }
 * }</pre>
 *
 * @param queue the task queues
 * @param events the task state events
 */
public record TaskTransport(TaskQueue queue, TaskEvents events) implements AutoCloseable {

  /** In memory: share the instance between the API and the workers of one JVM. */
  public static TaskTransport inMemory() {
    return new TaskTransport(new InMemoryTaskQueue(), new InMemoryTaskEvents());
  }

  /** On the Redis server at {@code uri}. */
  public static TaskTransport redis(URI uri, Duration heartbeatTtl) {
    return new TaskTransport(RedisTaskQueue.connect(uri, "pybase", heartbeatTtl), RedisTaskEvents.connect(uri));
  }

  /**
   * Like {@link #of}, but first waits (start-up) for the Redis server, as {@code wait} says: one line while it waits,
   * one {@link StartupException} naming {@code REDIS_URL} and host:port when it does not answer or refuses.
   */
  public static TaskTransport connect(TransportSettings settings, DependencyWait wait) {
    URI uri = settings.redisUrl();
    if (uri != null) {
      String host = uri.getHost();
      int port = uri.getPort() == -1 ? 6379 : uri.getPort();
      try (RedisClient probe = RedisClient.create(uri)) {
        wait.until("REDIS_URL", uri.toString(), "Redis", host, port, () -> {
          try {
            probe.ping();
            return DependencyWait.Attempt.ready();
          } catch (JedisConnectionException e) {
            return new DependencyWait.Attempt(DependencyWait.Outcome.UNREACHABLE, StartupException.rootMessage(e));
          } catch (RuntimeException e) {
            return new DependencyWait.Attempt(DependencyWait.Outcome.REFUSED, StartupException.rootMessage(e));
          }
        });
      }
    }
    return of(settings);
  }

  /** Redis when the settings name a server, else in memory. */
  public static TaskTransport of(TransportSettings settings) {
    return settings.redisUrl() == null ? inMemory() : redis(settings.redisUrl(), settings.heartbeatTtl());
  }

  @Override
  public void close() {
    queue.close();
    events.close();
  }
}
