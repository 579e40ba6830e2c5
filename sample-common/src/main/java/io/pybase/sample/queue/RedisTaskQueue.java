package io.pybase.sample.queue;

import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.transport.OutageLog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.KeyValue;

/**
 * A reliable task queue on Redis, shared by the API and any number of worker processes.
 *
 * <ul>
 *   <li>{@code push}: {@code LPUSH pybase:queue:<name>}.</li>
 *   <li>{@code take}: {@code BLMOVE pybase:queue:<name> pybase:processing:<name>:<consumer> RIGHT LEFT}, one atomic
 *       step: a task is always in the queue or in exactly one consumer's processing list, never only in a
 *       process's memory.</li>
 *   <li>{@code ack}: {@code LREM} from the processing list, in a script that says whether the consumer still held
 *       the task. {@code retry}: one script that pushes the next attempt only if it removed the current one, so a
 *       repeated call (after a lost reply) or a consumer that lost the task never queues a second copy.</li>
 *   <li>Liveness: each consumer refreshes {@code pybase:heartbeat:<consumer>} (a key with a TTL, default 10 s)
 *       every third of the TTL, in a script that also lists it in {@code pybase:consumers:<name>}: a consumer whose
 *       key expired (a long pause, a broker restart) is registered again by its next beat.</li>
 *   <li>Recovery ({@link #recoverAbandoned}): any live worker checks the consumers of its queue (the listed ones and
 *       every processing list, so a consumer missing from the list is found too). One Lua script re-checks, atomically,
 *       that the heartbeat is gone <em>and that Redis itself has been up for two TTLs</em> (so after a broker restart
 *       every live consumer has had time to beat again), then moves the tasks back to the consuming end of the queue
 *       with {@code attempt + 1} and drops the consumer.</li>
 * </ul>
 *
 * <pre>{@code
 * try (TaskQueue queue = RedisTaskQueue.connect(URI.create("redis://127.0.0.1:6379"))) {
 *   queue.push(QueueNames.EXTRACTION, message);
 * }
 * }</pre>
 *
 * <p>Delivery is at least once: a worker that stops heartbeating (dead, or paused for longer than the TTL) has its
 * tasks handed to another. The attempt number every move increments is the fencing token that lets the task state
 * store refuse the late result of the worker that lost the task. Redis must keep its data across restarts
 * (append-only file) for queued tasks to survive one.
 */
public final class RedisTaskQueue implements TaskQueue {

  /** Default heartbeat TTL. */
  public static final Duration DEFAULT_HEARTBEAT_TTL = Duration.ofSeconds(10);

  // KEYS: heartbeat, processing, queue, consumers, taken. ARGV: consumer, mode, minimum broker uptime (s).
  // mode 'reap': only when the heartbeat is gone and Redis has been up long enough; 'release': a clean stop;
  // 'reclaim': leftovers of a live consumer (kept registered).
  private static final String MOVE_SCRIPT = String.join("\n",
      "if ARGV[2] == 'reap' then",
      "  if redis.call('EXISTS', KEYS[1]) == 1 then return {{}, {}} end",
      "  local up = tonumber(string.match(redis.call('INFO', 'server'), 'uptime_in_seconds:(%d+)')) or 0",
      "  if up < tonumber(ARGV[3]) then return {{}, {}} end",
      "end",
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
      "if ARGV[2] ~= 'reclaim' then redis.call('SREM', KEYS[4], ARGV[1]) end",
      "return {moved, taken}");

  // KEYS: heartbeat, consumers. ARGV: ttl ms, consumer. Returns 1 when the heartbeat was alive, 0 when registered anew.
  private static final String BEAT_SCRIPT = String.join("\n",
      "local alive = redis.call('PEXPIRE', KEYS[1], ARGV[1])",
      "if alive == 0 then redis.call('SET', KEYS[1], 'alive', 'PX', ARGV[1]) end",
      "redis.call('SADD', KEYS[2], ARGV[2])",
      "return alive");

  // KEYS: processing, taken. ARGV: raw, task id. Returns 1 when the consumer held the task.
  private static final String ACK_SCRIPT = String.join("\n",
      "local held = redis.call('LREM', KEYS[1], 1, ARGV[1])",
      "redis.call('HDEL', KEYS[2], ARGV[2])",
      "return held");

  // KEYS: processing, taken, queue. ARGV: raw, task id, next attempt. Returns 1 when the consumer held the task.
  private static final String RETRY_SCRIPT = String.join("\n",
      "local held = redis.call('LREM', KEYS[1], 1, ARGV[1])",
      "if held == 1 then redis.call('LPUSH', KEYS[3], ARGV[3]) end",
      "redis.call('HDEL', KEYS[2], ARGV[2])",
      "return held");

  private static final System.Logger LOG = System.getLogger(RedisTaskQueue.class.getName());

  private final RedisClient redis;
  private final String prefix;
  private final Duration heartbeatTtl;
  private final long minimumUptimeSeconds;
  private final Map<String, String> liveConsumers = new ConcurrentHashMap<>();
  private final Set<String> needReclaim = ConcurrentHashMap.newKeySet();
  private final OutageLog outage;
  private final ScheduledExecutorService heartbeats;

  private RedisTaskQueue(RedisClient redis, String prefix, Duration heartbeatTtl, String where) {
    this.redis = redis;
    this.prefix = prefix;
    this.heartbeatTtl = heartbeatTtl;
    this.minimumUptimeSeconds = (2 * heartbeatTtl.toMillis() + 999) / 1000;
    this.outage = new OutageLog(LOG, "Redis at " + where + " (REDIS_URL), heartbeats of the queue's consumers,");
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
    return new RedisTaskQueue(RedisClient.create(uri), prefix, heartbeatTtl, uri.getHost() + ":"
        + (uri.getPort() == -1 ? 6379 : uri.getPort()));
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
    if (needReclaim.contains(consumerId)) {
      // a take whose reply was lost may have moved a task into our list: hand it back, one attempt later
      move(queue, consumerId, "reclaim", (m, n) -> { });
      needReclaim.remove(consumerId);
    }
    // Blocking reads stay under the client's 2 s socket timeout.
    double seconds = Math.max(0.1, Math.min(1.5, timeout.toMillis() / 1000.0));
    String raw;
    try {
      raw = redis.blmove(queueKey(queue), processingKey(queue, consumerId), ListDirection.RIGHT, ListDirection.LEFT,
          seconds);
    } catch (RuntimeException e) {
      needReclaim.add(consumerId);
      throw e;
    }
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
    try {
      redis.hset(takenKey(queue, consumerId), message.id(), Long.toString(System.currentTimeMillis()));
    } catch (RuntimeException e) {
      // only the hold time of a later recovery is unknown; the task itself is safe in the processing list
    }
    return new Delivery(queue, consumerId, message, raw);
  }

  @Override
  public boolean ack(Delivery delivery) {
    Object held = redis.eval(ACK_SCRIPT, List.of(processingKey(delivery.queue(), delivery.consumerId()),
        takenKey(delivery.queue(), delivery.consumerId())), List.of(delivery.raw(), delivery.message().id()));
    return Long.valueOf(1).equals(held);
  }

  @Override
  public boolean retry(Delivery delivery, TaskMessage next) {
    Object held = redis.eval(RETRY_SCRIPT, List.of(processingKey(delivery.queue(), delivery.consumerId()),
        takenKey(delivery.queue(), delivery.consumerId()), queueKey(delivery.queue())),
        List.of(delivery.raw(), delivery.message().id(), next.toJson()));
    return Long.valueOf(1).equals(held);
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
    beat(queue, consumerId, false);
    liveConsumers.put(consumerId, queue);
  }

  @Override
  public void consumerStopped(String queue, String consumerId) {
    liveConsumers.remove(consumerId);
    redis.del(heartbeatKey(consumerId));
    // A clean stop hands back whatever it still holds (normally nothing: workers drain before stopping).
    move(queue, consumerId, "release", (m, n) -> { });
  }

  @Override
  public int recoverAbandoned(String queue, BiConsumer<TaskMessage, Long> onRequeued) {
    Set<String> consumers = new HashSet<>(redis.smembers(consumersKey(queue)));
    String processingPrefix = processingKey(queue, "");
    ScanParams match = new ScanParams().match(processingPrefix + "*").count(200);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, match);
      for (String key : page.getResult()) {
        consumers.add(key.substring(processingPrefix.length()));
      }
      cursor = page.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    int moved = 0;
    for (String consumer : consumers) {
      if (!liveConsumers.containsKey(consumer)) {
        moved += move(queue, consumer, "reap", onRequeued);
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

  private int move(String queue, String consumer, String mode, BiConsumer<TaskMessage, Long> onRequeued) {
    Object result = redis.eval(MOVE_SCRIPT,
        List.of(heartbeatKey(consumer), processingKey(queue, consumer), queueKey(queue), consumersKey(queue),
            takenKey(queue, consumer)),
        List.of(consumer, mode, Long.toString(minimumUptimeSeconds)));
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
    boolean failed = false;
    for (Map.Entry<String, String> e : liveConsumers.entrySet()) {
      try {
        beat(e.getValue(), e.getKey(), true);
      } catch (RuntimeException ex) {
        failed = true;
        outage.unreachable(ex);   // the next beat tries again
      }
    }
    if (!failed && !liveConsumers.isEmpty()) {
      outage.reachable();
    }
  }

  private void beat(String queue, String consumer, boolean announceRenewal) {
    Object alive = redis.eval(BEAT_SCRIPT, List.of(heartbeatKey(consumer), consumersKey(queue)),
        List.of(Long.toString(heartbeatTtl.toMillis()), consumer));
    if (announceRenewal && Long.valueOf(0).equals(alive) && liveConsumers.containsKey(consumer)) {
      LOG.log(System.Logger.Level.INFO, "consumer " + consumer + " registered again: its heartbeat had expired (paused,"
          + " or cut off from Redis, for longer than QUEUE_HEARTBEAT_TTL_MS, or Redis restarted without its data);"
          + " a task it had been holding may now belong to another consumer, and its late result is refused");
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
