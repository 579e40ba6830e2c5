package io.pybase.sample.workers;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.queue.RedisTaskQueue;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.store.JdbcTaskStateStore;
import io.pybase.sample.store.PooledDatabase;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskState;
import io.pybase.sample.testing.PostgresServerProcess;
import io.pybase.sample.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What extraction worker processes share in the multi-process tests: a real Redis (the queue) and a real
 * PostgreSQL (the task states), with this test's own view of both ({@link #queue()}, {@link #store()}), and the
 * environment that points a {@link WorkerProcess} at them (heartbeat TTL 2 s, recovery every 200 ms, no injected
 * faults). {@link #close()} stops everything it started.
 */
final class WorkerBackends implements AutoCloseable {

  static final String QUEUE = "extraction";

  private final RedisServerProcess redis;
  private final PostgresServerProcess pg;
  private final DatabaseConfig database;
  private final PooledDatabase pool;
  private final RedisTaskQueue queue;
  private final TaskStateStore store;

  private WorkerBackends(RedisServerProcess redis, PostgresServerProcess pg, int poolSize) {
    this.redis = redis;
    this.pg = pg;
    this.database = new DatabaseConfig(pg.jdbcUrl(), pg.user(), "", poolSize);
    this.pool = PooledDatabase.open(database, "test", PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build()));
    this.queue = RedisTaskQueue.connect(redis.uri(), "pybase", Duration.ofSeconds(10));
    this.store = new JdbcTaskStateStore(pool.dataSource());
  }

  /**
   * Starts Redis ({@code persistentRedis}: with its append-only file, so a restart keeps the queue) and PostgreSQL.
   *
   * @param poolSize the pool size of {@link #database()}
   */
  static WorkerBackends start(boolean persistentRedis, int poolSize) throws Exception {
    RedisServerProcess redis = persistentRedis ? RedisServerProcess.startPersistent() : RedisServerProcess.start();
    PostgresServerProcess pg = null;
    try {
      pg = PostgresServerProcess.start();
      return new WorkerBackends(redis, pg, poolSize);
    } catch (Exception e) {
      if (pg != null) {
        pg.close();
      }
      redis.close();
      throw e;
    }
  }

  RedisServerProcess redis() {
    return redis;
  }

  DatabaseConfig database() {
    return database;
  }

  RedisTaskQueue queue() {
    return queue;
  }

  TaskStateStore store() {
    return store;
  }

  /** Starts an extraction worker process with {@code concurrency} consumers on these backends. */
  WorkerProcess startWorker(Path logFile, int concurrency) throws Exception {
    return WorkerProcess.start(logFile, RedisServerProcess.FreePort.find(), Map.of("WORKER_NAME", QUEUE,
        "REDIS_URL", redis.uri().toString(), "JDBC_URL", pg.jdbcUrl(), "JDBC_USER", pg.user(),
        "EXTRACTION_FAILURE_RATE", "0", "WORKER_CONCURRENCY", Integer.toString(concurrency),
        "QUEUE_HEARTBEAT_TTL_MS", "2000", "QUEUE_RECOVERY_INTERVAL_MS", "200"));
  }

  /**
   * Stores a queued state ({@code txt}, {@code stateFilename}) for an {@code extract_document} task of a txt file and
   * queues it.
   *
   * @param payloadFilename the payload's {@code filename}, or {@code null} for none
   * @param delayMs the payload's {@code delay_ms}, or 0 for none
   */
  TaskMessage submitText(String stateFilename, String payloadFilename, String content, int delayMs) {
    Map<String, String> payload = new HashMap<>();
    payload.put("file_type", "txt");
    if (payloadFilename != null) {
      payload.put("filename", payloadFilename);
    }
    payload.put("content_base64", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    if (delayMs > 0) {
      payload.put("delay_ms", Integer.toString(delayMs));
    }
    TaskMessage task = TaskMessage.create("extract_document", payload);
    store.insert(TaskState.queued(task.id(), "txt", stateFilename));
    queue.push(QUEUE, task);
    return task;
  }

  @Override
  public void close() {
    try {
      queue.close();
      pool.close();
    } finally {
      try {
        pg.close();
      } finally {
        redis.close();
      }
    }
  }
}
