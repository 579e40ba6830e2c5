package io.pybase.metrics.worker;

import static io.pybase.metrics.worker.ScrapedWorker.WORKER;
import static io.pybase.metrics.worker.ScrapedWorker.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.TaskRecorder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No {@code Throwable} from the metrics path reaches a task, its caller or the thread running it, on every path of
 * the worker module: the execution's gauges, task-type resolvers, failure listeners, task names, and the wrapping
 * itself. Each path is given an {@code Error} such as a class missing from the classpath throws.
 */
class TaskRecordingFaultTest {

  private static final String MISSING = "io/prometheus/metrics/tracer/initializer/SpanContextSupplier";

  private ScrapedWorker worker;

  @BeforeEach
  void start() {
    worker = ScrapedWorker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  @Test
  void failingActiveGaugeNeitherFailsNorRepeatsTheTask() throws Exception {
    List<Throwable> faults = new CopyOnWriteArrayList<>();
    TaskExecution execution = new TaskExecution(new RetryPolicy(3, new Class<?>[] {Exception.class}, 0, 1.0),
        new TaskExecution.ActiveTasks() {
          @Override
          public void started() {
            throw new NoClassDefFoundError(MISSING);
          }

          @Override
          public void ended() {
            throw new NoClassDefFoundError(MISSING);
          }
        }, faults::add);
    TaskRecorder recorder = worker.metrics.tasks().task("gauge_fault");
    AtomicInteger calls = new AtomicInteger();

    String result = execution.run(input -> {
      calls.incrementAndGet();
      return "done";
    }, "in", recorder, null, TaskExecution.NOT_QUEUED);
    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(1);

    IOException failure = new IOException("disk full");
    assertThatThrownBy(() -> execution.run(input -> {
      throw failure;
    }, "in", recorder, null, TaskExecution.NOT_QUEUED)).isSameAs(failure);

    assertThat(faults).hasSize(4).allMatch(f -> f instanceof NoClassDefFoundError);
    assertThat(worker.value(task("gauge_fault", "success"))).isEqualTo(1);
    assertThat(worker.value(task("gauge_fault", "failure"))).isEqualTo(1);
    assertThat(worker.value(task("gauge_fault", "retry"))).isEqualTo(3);
  }

  @Test
  void taskTypeResolverThrowingAnErrorLeavesTheTaskRunningOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TaskHandler<String, Integer> handler = InstrumentedTasks.builder("extract_document")
        .taskTypes(input -> {
          throw new NoClassDefFoundError(MISSING);
        })
        .metrics(worker.metrics).workerName(WORKER)
        .wrap(input -> calls.incrementAndGet());

    assertThat(handler.handle("file.pdf")).isEqualTo(1);
    assertThat(calls).hasValue(1);
    assertThat(worker.value("extraction_task_total{status=\"success\",task_type=\"unknown\"}")).isEqualTo(1);
  }

  @Test
  void failureListenerThrowingAnErrorNeverKillsTheWorkerThread() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      Runnable failing = InstrumentedTasks.builder("nightly_report").metrics(worker.metrics).workerName(WORKER)
          .failureListener((name, status, error) -> {
            throw new NoClassDefFoundError(MISSING);
          })
          .runnable(() -> {
            throw new IllegalStateException("report failed");
          });
      AtomicReference<Thread> before = new AtomicReference<>();
      AtomicReference<Thread> after = new AtomicReference<>();
      single.submit(() -> before.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);
      single.execute(failing);
      single.submit(() -> after.set(Thread.currentThread())).get(10, TimeUnit.SECONDS);

      assertThat(after.get()).as("the thread that ran the failing task survived").isSameAs(before.get());
      assertThat(worker.value(task("nightly_report", "failure"))).isEqualTo(1);
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void namedTaskWhoseNameThrowsAnErrorStillRunsUnderTheExecutorsName() throws Exception {
    final class Nameless implements Runnable, NamedTask {
      final AtomicInteger runs = new AtomicInteger();

      @Override
      public void run() {
        runs.incrementAndGet();
      }

      @Override
      public String taskName() {
        throw new NoClassDefFoundError(MISSING);
      }
    }
    ExecutorService pool = InstrumentedExecutorService.builder(Executors.newFixedThreadPool(1))
        .metrics(worker.metrics).workerName(WORKER).taskName("misc").build();
    try {
      Nameless task = new Nameless();
      pool.submit(task).get(10, TimeUnit.SECONDS);
      pool.execute(task);
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(task.runs).hasValue(2);
      assertThat(worker.value(task("misc", "success"))).isEqualTo(2);
      assertThat(worker.value("pybase_metrics_recording_errors_total")).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }
}
