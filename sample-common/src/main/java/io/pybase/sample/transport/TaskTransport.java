package io.pybase.sample.transport;

import io.pybase.sample.events.InMemoryTaskEvents;
import io.pybase.sample.events.RedisTaskEvents;
import io.pybase.sample.events.TaskEvents;
import io.pybase.sample.queue.InMemoryTaskQueue;
import io.pybase.sample.queue.RedisTaskQueue;
import io.pybase.sample.queue.TaskQueue;
import java.net.URI;
import java.time.Duration;

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
