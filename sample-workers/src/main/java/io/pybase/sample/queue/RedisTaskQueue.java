package io.pybase.sample.queue;

import io.pybase.sample.task.TaskMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.KeyValue;

/**
 * A reliable task queue on Redis, shared by the API and any number of worker processes.
 *
 * <ul>
 *   <li>{@code push}: {@code LPUSH pybase:queue:<name>}.</li>
 *   <li>{@code take}: {@code BLMOVE pybase:queue:<name> pybase:processing:<name>:<consumer> RIGHT LEFT}, one atomic
 *       step: a task is always in the queue or in exactly one consumer's processing list, never only in a
 *       process's memory.</li>
 *   <li>{@code ack}: {@code LREM} from the processing list. {@code retry}: {@code LPUSH} the next attempt and
 *       {@code LREM} the old one in one {@code MULTI}.</li>
 *   <li>Liveness: each consumer refreshes {@code pybase:heartbeat:<consumer>} (a key with a TTL, default 10 s)
 *       every third of the TTL and is listed in {@code pybase:consumers:<name>}.</li>
 *   <li>Recovery ({@link #recoverAbandoned}): any live worker checks the listed consumers; one whose heartbeat
 *       expired is dead, and one Lua script moves every task of its processing list back to the consuming end of
 *       the queue with {@code attempt + 1}, then drops the consumer. The script checks the heartbeat itself, so
 *       two reapers, or a consumer coming back, never cause a double move.</li>
 * </ul>
 *
 * <pre>{@code
 * try (TaskQueue queue = RedisTaskQueue.connect(URI.create("redis://127.0.0.1:6379"))) {
 *   queue.push("extraction", message);
 * }
 * }</pre>
 *
 * <p>Delivery is at least once: a worker that dies after finishing a task but before its {@code ack} gets that task
 * run again, so handlers are idempotent (the sample's are: they overwrite their result).
 */
public final class RedisTaskQueue implements TaskQueue {

  /** Default heartbeat TTL. */
  public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofSeconds(10);

  private static final String RECOVER_SCRIPT = String.join("\n",
      "if ARGV[2] == '0' and redis.call('EXISTS', KEYS[1]) == 1 then return {{}, {}} end",
      "local moved = {}",
      "while true do",
      "  local raw = redis.call('RPOP', KEYS[2])",
      "  if not raw then break end",
      "  local out = raw",
      "  local ok, m = pcall(cjson.decode, raw)",
      "  if ok and type(m) == 'table' then",
      "    m['attempt'] = (tonumber(m['attempt']) or 1) + 1",
      "    out = cjson.encode(m)",
      "  end",
      "  redis.call('RPUSH', KEYS[3], out)",
      "  table.insert(moved, out)",
      "end",
      "local taken = redis.call('HGETALL', KEYS[5])",
      "redis.call('DEL', KEYS[5])",
      "redis.call('SREM', KEYS[4], ARGV[1])",
      "return {moved, taken}");

  private final RedisClient redis;
  private final String prefix;
  private final Duration heartbeatTtl;
  private final Map<String, String> liveConsumers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeats;

  private RedisTaskQueue(RedisClient redis, String prefix, Duration heartbeatTtl) {
    this.redis = redis;
    this.prefix = prefix;
    this.heartbeatTtl = heartbeatTtl;
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-queue-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(100, heartbeatTtl.toMillis() / 3);
    ScheduledFuture<?> unused = heartbeats.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /** A queue on the Redis server at {@code uri}, key prefix {@code pybase}, heartbeat TTL 10 s. */
  public static RedisTaskQueue connect(URI uri) {
    return connect(uri, "pybase", DEFAULT_HEARTBEAT_TTL);
  }

  /** A queue on the Redis server at {@code uri} with the given key prefix and heartbeat TTL. */
  public static RedisTaskQueue connect(URI uri, String prefix, Duration heartbeatTtl) {
    return new RedisTaskQueue(RedisClient.create(uri), prefix, heartbeatTtl);
  }

  @Override
  public void push(String queue, TaskMessage message) {
    redis.lpush(queueKey(queue), message.toJson());
  }

  @Override
  public Delivery take(String queue, String consumerId, Duration timeout) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    // Blocking reads stay under the client's 2 s socket timeout.
    double seconds = Math.max(0.1, Math.min(1.5, timeout.toMillis() / 1000.0));
    String raw = redis.blmove(queueKey(queue), processingKey(queue, consumerId), ListDirection.RIGHT,
        ListDirection.LEFT, seconds);
    if (raw == null) {
      return null;
    }
    TaskMessage message;
    try {
      message = TaskMessage.fromJson(raw);
    } catch (IllegalArgumentException e) {
      // Not a task: drop it rather than loop on it forever.
      redis.lrem(processingKey(queue, consumerId), 1, raw);
      return null;
    }
    redis.hset(takenKey(queue, consumerId), message.id(), Long.toString(System.currentTimeMillis()));
    return new Delivery(queue, consumerId, message, raw);
  }

  @Override
  public void ack(Delivery delivery) {
    redis.lrem(processingKey(delivery.queue(), delivery.consumerId()), 1, delivery.raw());
    redis.hdel(takenKey(delivery.queue(), delivery.consumerId()), delivery.message().id());
  }

  @Override
  public void retry(Delivery delivery, TaskMessage next) {
    String processing = processingKey(delivery.queue(), delivery.consumerId());
    redis.eval("redis.call('LPUSH', KEYS[1], ARGV[1]); redis.call('LREM', KEYS[2], 1, ARGV[2]); return 1",
        List.of(queueKey(delivery.queue()), processing), List.of(next.toJson(), delivery.raw()));
    redis.hdel(takenKey(delivery.queue(), delivery.consumerId()), delivery.message().id());
  }

  @Override
  public long length(String queue) {
    return redis.llen(queueKey(queue));
  }

  @Override
  public void reply(String replyTo, String body) {
    String key = prefix + ":reply:" + replyTo;
    redis.lpush(key, body);
    redis.expire(key, 60);
  }

  @Override
  public Optional<String> awaitReply(String replyTo, Duration timeout) throws InterruptedException {
    String key = prefix + ":reply:" + replyTo;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        double seconds = Math.max(0.05, Math.min(1.5, left / 1e9));
        KeyValue<String, String> answer = redis.blpop(seconds, key);
        if (answer != null) {
          return Optional.of(answer.getValue());
        }
      }
    } finally {
      redis.del(key);
    }
  }

  @Override
  public void consumerStarted(String queue, String consumerId) {
    redis.set(heartbeatKey(consumerId), "alive", SetParams.setParams().px(heartbeatTtl.toMillis()));
    redis.sadd(consumersKey(queue), consumerId);
    liveConsumers.put(consumerId, queue);
  }

  @Override
  public void consumerStopped(String queue, String consumerId) {
    liveConsumers.remove(consumerId);
    redis.del(heartbeatKey(consumerId));
    // A clean stop hands back whatever it still holds (normally nothing: workers drain before stopping).
    move(queue, consumerId, true, (m, n) -> { });
  }

  @Override
  public int recoverAbandoned(String queue, BiConsumer<TaskMessage, Long> onRequeued) {
    Set<String> consumers = redis.smembers(consumersKey(queue));
    int moved = 0;
    for (String consumer : consumers) {
      if (!liveConsumers.containsKey(consumer)) {
        moved += move(queue, consumer, false, onRequeued);
      }
    }
    return moved;
  }

  /** The processing list of one consumer, oldest first; for tests and diagnostics. */
  public List<TaskMessage> processing(String queue, String consumerId) {
    List<TaskMessage> out = new ArrayList<>();
    for (String raw : redis.lrange(processingKey(queue, consumerId), 0, -1)) {
      out.add(0, TaskMessage.fromJson(raw));
    }
    return out;
  }

  /** Consumers listed for {@code queue}, alive or not yet reaped. */
  public Set<String> consumers(String queue) {
    return redis.smembers(consumersKey(queue));
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    redis.close();
  }

  private int move(String queue, String consumer, boolean force, BiConsumer<TaskMessage, Long> onRequeued) {
    Object result = redis.eval(RECOVER_SCRIPT,
        List.of(heartbeatKey(consumer), processingKey(queue, consumer), queueKey(queue), consumersKey(queue),
            takenKey(queue, consumer)),
        List.of(consumer, force ? "1" : "0"));
    List<?> parts = (List<?>) result;
    List<?> moved = (List<?>) parts.get(0);
    List<?> taken = (List<?>) parts.get(1);
    Map<String, Long> takenAt = new HashMap<>();
    for (int i = 0; i + 1 < taken.size(); i += 2) {
      try {
        takenAt.put(text(taken.get(i)), Long.parseLong(text(taken.get(i + 1))));
      } catch (NumberFormatException e) {
        // unknown hold time
      }
    }
    long now = System.currentTimeMillis();
    for (Object raw : moved) {
      try {
        TaskMessage m = TaskMessage.fromJson(text(raw));
        Long at = takenAt.get(m.id());
        onRequeued.accept(m, at == null ? 0L : TimeUnit.MILLISECONDS.toNanos(Math.max(0, now - at)));
      } catch (IllegalArgumentException e) {
        // moved back as it was; nothing to report
      }
    }
    return moved.size();
  }

  private void beat() {
    for (String consumer : liveConsumers.keySet()) {
      try {
        redis.set(heartbeatKey(consumer), "alive", SetParams.setParams().px(heartbeatTtl.toMillis()));
      } catch (RuntimeException e) {
        // Redis unreachable: the next beat tries again; a long outage makes others recover our tasks
      }
    }
  }

  private static String text(Object o) {
    return o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private String queueKey(String queue) {
    return prefix + ":queue:" + queue;
  }

  private String processingKey(String queue, String consumer) {
    return prefix + ":processing:" + queue + ":" + consumer;
  }

  private String takenKey(String queue, String consumer) {
    return prefix + ":taken:" + queue + ":" + consumer;
  }

  private String consumersKey(String queue) {
    return prefix + ":consumers:" + queue;
  }

  private String heartbeatKey(String consumer) {
    return prefix + ":heartbeat:" + consumer;
  }
}
