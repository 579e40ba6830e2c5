package io.pybase.sample.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.extraction.ExtractionTask;
import io.pybase.sample.queue.RedisTaskQueue;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.transport.TaskTransport;
import io.pybase.sample.store.JdbcTaskStateStore;
import io.pybase.sample.store.PooledDatabase;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskState;
import io.pybase.sample.testing.RedisServerProcess;
import io.pybase.sample.testing.Scrape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process (the real WorkerMain in its own JVM) is killed with SIGKILL while it runs a task; another worker
 * returns the task to the queue, runs it to the end, and counts the lost attempt as a retry.
 */
class WorkerCrashRecoveryTest {

  @TempDir
  Path tmp;

  @Test
  void taskOfAKilledWorkerIsCompletedByAnotherAndCountedAsRetry() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      String jdbc = "jdbc:h2:file:" + tmp.resolve("db") + ";AUTO_SERVER=TRUE";
      DatabaseConfig dbConfig = new DatabaseConfig(jdbc, "sa", "", 2);
      PyBaseMetrics testMetrics = PyBaseMetrics.register(new PrometheusRegistry(),
          PyBaseMetricsConfig.builder().jvmMetrics(false).build());
      try (PooledDatabase db = PooledDatabase.open(dbConfig, "test", testMetrics);
          RedisTaskQueue queue = RedisTaskQueue.connect(redis.uri(), "pybase", Duration.ofSeconds(10))) {
        TaskStateStore store = new JdbcTaskStateStore(db.dataSource());
        TaskMessage task = TaskMessage.create(ExtractionTask.NAME, Map.of("file_type", "txt", "filename", "a.txt",
            "content_base64", Base64.getEncoder().encodeToString("hello crash".getBytes(StandardCharsets.UTF_8)),
            "delay_ms", "4000"));
        store.insert(TaskState.queued(task.id(), "txt", "a.txt"));

        try (WorkerProcess doomed = WorkerProcess.start(tmp.resolve("doomed-worker.log"),
            RedisServerProcess.FreePort.find(), Map.of("WORKER_NAME", "extraction", "REDIS_URL",
                redis.uri().toString(), "JDBC_URL", jdbc, "EXTRACTION_FAILURE_RATE", "0", "WORKER_CONCURRENCY", "1",
                "QUEUE_HEARTBEAT_TTL_MS", "1000"))) {
          assertThat(doomed.alive()).isTrue();
          queue.push("extraction", task);
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
              .until(() -> store.find(task.id()).map(s -> s.status().equals("running")).orElse(false));
          doomed.kill();
        }
        assertThat(queue.length("extraction")).as("the task is held by the dead worker, not queued").isZero();

        PyBaseMetrics survivorMetrics = PyBaseMetrics.register(new PrometheusRegistry(),
            PyBaseMetricsConfig.builder().jvmMetrics(false).build());
        WorkerSettings settings = WorkerSettings.defaults().withFailureRate(0)
            .withRedis(redis.uri(), Duration.ofSeconds(1), Duration.ofMillis(200));
        try (TaskTransport transport = TaskTransport.redis(redis.uri(), Duration.ofSeconds(1));
            WorkerNode survivor = WorkerNode.builder(WorkerRole.EXTRACTION, transport, survivorMetrics)
                .settings(settings).database(dbConfig).metricsHost("127.0.0.1").metricsPort(0).start()) {
          await().atMost(Duration.ofSeconds(30))
              .until(() -> store.find(task.id()).map(s -> s.status().equals("succeeded")).orElse(false));
          TaskState done = store.find(task.id()).orElseThrow();
          assertThat(done.attempts()).isEqualTo(2);
          assertThat(done.result()).contains("hello crash");

          Scrape s = Scrape.of("http://127.0.0.1:" + survivor.metricsPort() + "/metrics");
          assertThat(s.value("celery_task_retries_total{task_name=\"extract_document\"}")).isEqualTo(1.0);
          assertThat(s.value("celery_task_total{status=\"retry\",task_name=\"extract_document\"}")).isEqualTo(1.0);
          assertThat(s.value("celery_task_total{status=\"success\",task_name=\"extract_document\"}")).isEqualTo(1.0);
          assertThat(s.value("extraction_task_total{status=\"success\",task_type=\"txt\"}")).isEqualTo(1.0);
          assertThat(queue.length("extraction")).isZero();
          assertThat(queue.consumers("extraction")).allMatch(c -> c.startsWith("extraction-"))
              .noneMatch(c -> queue.processing("extraction", c).size() > 0);
        }
      }
    }
  }
}
