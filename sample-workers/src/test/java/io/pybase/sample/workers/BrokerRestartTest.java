package io.pybase.sample.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.queue.RedisTaskQueue;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskState;
import io.pybase.sample.testing.RedisServerProcess;
import io.pybase.sample.testing.Scrape;
import io.pybase.sample.transport.TaskTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, input 3: a worker in this JVM and a separate worker process share a Redis queue (heartbeat TTL 2 s) and
 * a PostgreSQL. Redis (with its append-only file, as a broker holding a queue is run) is stopped for 5 s, longer than
 * two heartbeat TTLs, while the separate worker holds tasks, then started again. The separate worker is alive, so
 * none of its tasks may be taken from it: every task runs once. Later it is killed with {@code kill -9} while it
 * holds tasks: every one of them is recovered and completed.
 */
class BrokerRestartTest {

  private static final String QUEUE = WorkerBackends.QUEUE;

  @TempDir
  Path tmp;

  @Test
  void aBrokerRestartNeverMakesALiveWorkerLookDeadAndADeadOnesTasksAreAllRecovered() throws Exception {
    try (WorkerBackends backends = WorkerBackends.start(true, 3)) {
      RedisServerProcess redis = backends.redis();
      RedisTaskQueue queue = backends.queue();
      TaskStateStore store = backends.store();
      try (WorkerProcess separate = backends.startWorker(tmp.resolve("separate.log"), 2)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> queue.consumers(QUEUE).size() == 2);

        PyBaseMetrics embeddedMetrics = PyBaseMetrics.register(new PrometheusRegistry(),
            PyBaseMetricsConfig.builder().jvmMetrics(false).build());
        WorkerSettings settings = new WorkerSettings(1, 0, 3, redis.uri(), Duration.ofSeconds(2),
            Duration.ofMillis(200));
        try (TaskTransport transport = TaskTransport.redis(redis.uri(), Duration.ofSeconds(2));
            WorkerNode embedded = WorkerNode.builder(WorkerRole.EXTRACTION, transport, embeddedMetrics)
                .settings(settings).database(backends.database()).metricsHost("127.0.0.1").metricsPort(0).start()) {
          List<TaskMessage> first = submit(backends, 6, 2500);
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
              .until(() -> held(queue, separate) == 2);

          redis.stop();
          Thread.sleep(5000);
          redis.restart();

          await().atMost(Duration.ofSeconds(60)).until(() -> finished(store, first));
          // this test's own pooled connections went stale with the restart: use them once
          await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> queue.length(QUEUE) >= 0
              && queue.consumers(QUEUE) != null && queue.processing(QUEUE, "none") != null);
          Thread.sleep(3000);   // time for a wrong recovery to show
          for (TaskMessage t : first) {
            TaskState s = store.find(t.id()).orElseThrow();
            assertThat(s.status()).as(t.id()).isEqualTo("succeeded");
            assertThat(s.attempts()).as("task %s ran once", t.id()).isEqualTo(1);
          }
          Scrape scrape = Scrape.of("http://127.0.0.1:" + embedded.metricsPort() + "/metrics");
          assertThat(scrape.sum("celery_task_retries_total")).as("no task of a live worker recovered").isZero();
          assertThat(queue.consumers(QUEUE)).as("the separate worker is still a consumer")
              .anyMatch(c -> c.contains("-" + separate.pid() + "@"));

          List<TaskMessage> second = submit(backends, 4, 4000);
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
              .until(() -> held(queue, separate) == 2);
          separate.kill();

          await().atMost(Duration.ofSeconds(60)).alias("every task of the killed worker recovered and completed")
              .until(() -> finished(store, second));
          for (TaskMessage t : second) {
            assertThat(store.find(t.id()).orElseThrow().status()).isEqualTo("succeeded");
          }
          assertThat(queue.length(QUEUE)).isZero();
          assertThat(queue.consumers(QUEUE)).noneMatch(c -> c.contains("-" + separate.pid() + "@"));
        }
      }
    }
  }

  private static List<TaskMessage> submit(WorkerBackends backends, int n, int delayMs) {
    List<TaskMessage> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tasks.add(backends.submitText(i + ".txt", i + ".txt", "task " + i, delayMs));
    }
    return tasks;
  }

  private static int held(RedisTaskQueue queue, WorkerProcess worker) {
    int n = 0;
    for (String consumer : queue.consumers(QUEUE)) {
      if (worker.owns(consumer)) {
        n += queue.processing(QUEUE, consumer).size();
      }
    }
    return n;
  }

  private static boolean finished(TaskStateStore store, List<TaskMessage> tasks) {
    return tasks.stream().allMatch(t -> store.find(t.id())
        .map(s -> s.status().equals("succeeded") || s.status().equals("failed")).orElse(false));
  }
}
