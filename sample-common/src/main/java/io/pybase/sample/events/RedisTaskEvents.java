package io.pybase.sample.events;

import io.pybase.sample.task.TaskState;
import java.net.URI;
import java.util.function.Consumer;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * Task events across processes over Redis pub/sub (channel {@code pybase:task-events}): workers publish, the API
 * subscribes. Pub/sub is fire-and-forget: a change published while the API is down is not replayed, which is fine
 * because the state itself is in the database and {@code GET /api/v1/extractions/{taskId}} reads it.
 *
 * <pre>{@code
 * TaskEvents events = RedisTaskEvents.connect(URI.create("redis://127.0.0.1:6379"));
 * }</pre>
 */
public final class RedisTaskEvents implements TaskEvents {

  private static final String CHANNEL = "pybase:task-events";

  private final RedisClient redis;

  private RedisTaskEvents(RedisClient redis) {
    this.redis = redis;
  }

  /** Events on the Redis server at {@code uri}. */
  public static RedisTaskEvents connect(URI uri) {
    return new RedisTaskEvents(RedisClient.create(uri));
  }

  @Override
  public void publish(TaskState state) {
    try {
      redis.publish(CHANNEL, state.toJson());
    } catch (RuntimeException e) {
      // the state is stored; only the live push is lost
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<TaskState> listener) {
    JedisPubSub pubSub = new JedisPubSub() {
      @Override
      public void onMessage(String channel, String message) {
        try {
          listener.accept(TaskState.fromJson(message));
        } catch (RuntimeException e) {
          // ignore a malformed event or a failing listener
        }
      }
    };
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          redis.subscribe(pubSub, CHANNEL);
          return;
        } catch (RuntimeException e) {
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }, "redis-task-events");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      if (pubSub.isSubscribed()) {
        pubSub.unsubscribe();
      }
    };
  }

  @Override
  public void close() {
    redis.close();
  }
}
