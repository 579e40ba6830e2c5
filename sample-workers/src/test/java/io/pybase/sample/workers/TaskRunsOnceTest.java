package io.pybase.sample.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pybase.sample.queue.RedisTaskQueue;
import io.pybase.sample.store.TaskStateStore;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskState;
import io.pybase.sample.testing.Scrape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, case 11: two extraction worker processes on one Redis queue and one PostgreSQL, heartbeat TTL 2 s. The
 * worker holding a task is paused for 4 s ({@code kill -STOP}, a stand-in for a GC pause), so the other one takes
 * the task over. When the paused one resumes, it finds that it lost the task: it records nothing for it, stores
 * nothing, and registers again as a live consumer.
 */
class TaskRunsOnceTest {

  private static final String QUEUE = WorkerBackends.QUEUE;

  @TempDir
  Path tmp;

  @Test
  void aWorkerPausedBeyondItsLeaseNeitherCommitsNorCountsTheTaskAndRegistersAgain() throws Exception {
    try (WorkerBackends backends = WorkerBackends.start(false, 2)) {
      RedisTaskQueue queue = backends.queue();
      TaskStateStore store = backends.store();
      try (WorkerProcess a = backends.startWorker(tmp.resolve("a.log"), 1);
          WorkerProcess b = backends.startWorker(tmp.resolve("b.log"), 1)) {
        await().atMost(Duration.ofSeconds(60)).until(() -> queue.consumers(QUEUE).size() == 2);

        TaskMessage task = backends.submitText("a.txt", "a.txt", "run me once", 3000);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
            .until(() -> holder(queue, task, a, b) != null);
        WorkerProcess holder = holder(queue, task, a, b);
        WorkerProcess other = holder == a ? b : a;

        holder.pause();
        Thread.sleep(4000);
        holder.resume();

        await().atMost(Duration.ofSeconds(30))
            .until(() -> store.find(task.id()).map(s -> s.status().equals("succeeded")).orElse(false));
        // the resumed worker finishes its (lost) attempt about now: give it time to try to commit and count
        Thread.sleep(3000);

        TaskState done = store.find(task.id()).orElseThrow();
        assertThat(done.attempts()).as("the attempt of the worker that took over").isEqualTo(2);
        double successes = 0;
        double extractionSuccesses = 0;
        for (WorkerProcess w : List.of(a, b)) {
          Scrape s = Scrape.of("http://127.0.0.1:" + w.metricsPort() + "/metrics");
          successes += s.sum("celery_task_total", "status=\"success\"", "task_name=\"extract_document\"");
          extractionSuccesses += s.sum("extraction_task_total", "status=\"success\"");
        }
        assertThat(successes).as("one success over both workers").isEqualTo(1.0);
        assertThat(extractionSuccesses).isEqualTo(1.0);
        Scrape taker = Scrape.of("http://127.0.0.1:" + other.metricsPort() + "/metrics");
        assertThat(taker.sum("celery_task_total", "status=\"success\"")).as("counted by its owner").isEqualTo(1.0);

        await().atMost(Duration.ofSeconds(10)).alias("the resumed worker registers again")
            .until(() -> queue.consumers(QUEUE).stream().anyMatch(c -> c.contains("-" + holder.pid() + "@")));
        assertThat(holder.alive()).isTrue();

        // and it keeps consuming as a live consumer: two quick tasks with one worker paused end up on the other
        other.pause();
        try {
          TaskMessage next = backends.submitText("b.txt", null, "again", 0);
          await().atMost(Duration.ofSeconds(20))
              .until(() -> store.find(next.id()).map(s -> s.status().equals("succeeded")).orElse(false));
        } finally {
          other.resume();
        }
      }
    }
  }

  private static WorkerProcess holder(RedisTaskQueue queue, TaskMessage task, WorkerProcess a, WorkerProcess b) {
    for (String consumer : queue.consumers(QUEUE)) {
      if (queue.processing(QUEUE, consumer).stream().anyMatch(m -> m.id().equals(task.id()))) {
        return a.owns(consumer) ? a : b.owns(consumer) ? b : null;
      }
    }
    return null;
  }
}
