package io.pybase.metrics.worker;

import static io.pybase.metrics.worker.ScrapedWorker.WORKER;
import static io.pybase.metrics.worker.ScrapedWorker.active;
import static io.pybase.metrics.worker.ScrapedWorker.durationCount;
import static io.pybase.metrics.worker.ScrapedWorker.extraction;
import static io.pybase.metrics.worker.ScrapedWorker.retries;
import static io.pybase.metrics.worker.ScrapedWorker.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstrumentedTasksTest {

  private ScrapedWorker worker;

  @BeforeEach
  void start() {
    worker = ScrapedWorker.start();
  }

  @AfterEach
  void stop() {
    worker.close();
  }

  @Task(name = "extract_document", taskType = "pdf")
  static final class PdfExtractor implements TaskHandler<String, Integer> {
    @Override
    public Integer handle(String text) {
      return text.length();
    }
  }

  @Task(name = "extract_document", taskType = "pdf")
  static final class BrokenExtractor implements TaskHandler<String, Integer> {
    final IllegalStateException broken = new IllegalStateException("corrupt file");

    @Override
    public Integer handle(String text) {
      throw broken;
    }
  }

  /** Throws IOException for its first {@code failures} attempts, then succeeds. */
  @Task(name = "flaky_upload", maxRetries = 3, retryOn = IOException.class)
  static final class FlakyUpload implements TaskHandler<String, String> {
    final AtomicInteger attempts = new AtomicInteger();
    final int failures;

    FlakyUpload(int failures) {
      this.failures = failures;
    }

    @Override
    public String handle(String file) throws IOException {
      if (attempts.incrementAndGet() <= failures) {
        throw new IOException("broker unavailable (attempt " + attempts.get() + ")");
      }
      return "uploaded " + file;
    }
  }

  static final class AnnotatedMethod implements TaskHandler<String, String> {
    @Task(name = "on_method", taskType = "dxf")
    @Override
    public String handle(String input) {
      return input;
    }
  }

  @Task(name = "extract_any", taskType = Task.FROM_INPUT)
  static final class AnyExtractor implements TaskHandler<String, String>, TaskTypeResolver<String> {
    @Override
    public String handle(String file) {
      return file;
    }

    @Override
    public String taskType(String file) {
      return file.substring(file.lastIndexOf('.') + 1);
    }
  }

  @Test
  void countsSuccessOfAnnotatedExtractionTask() throws Exception {
    TaskHandler<String, Integer> pdf = InstrumentedTasks.wrap(new PdfExtractor(), worker.metrics, WORKER);

    assertThat(pdf.handle("hello")).isEqualTo(5);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("extract_document", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("extract_document", "failure"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, durationCount("extract_document"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, extraction("pdf", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, "extraction_task_duration_seconds_count{task_type=\"pdf\"}")).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, active(WORKER))).hasValue(0);
  }

  @Test
  void countsFailureAndRethrowsTheTaskExceptionUnchanged() {
    BrokenExtractor extractor = new BrokenExtractor();
    TaskHandler<String, Integer> broken = InstrumentedTasks.wrap(extractor, worker.metrics, WORKER);

    assertThatThrownBy(() -> broken.handle("x")).isSameAs(extractor.broken);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("extract_document", "failure"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("extract_document", "success"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, extraction("pdf", "failure"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, active(WORKER))).hasValue(0);
  }

  @Test
  void retriesThenSucceedsCountingEachRetryOnceAndOneSuccess() throws Exception {
    FlakyUpload flaky = new FlakyUpload(2);
    TaskHandler<String, String> upload = InstrumentedTasks.wrap(flaky, worker.metrics, WORKER);

    assertThat(upload.handle("a.pdf")).isEqualTo("uploaded a.pdf");

    assertThat(flaky.attempts).hasValue(3);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("flaky_upload", "retry"))).hasValue(2);
    assertThat(ScrapedWorker.find(scrape, retries("flaky_upload"))).hasValue(2);
    assertThat(ScrapedWorker.find(scrape, task("flaky_upload", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("flaky_upload", "failure"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, durationCount("flaky_upload"))).hasValue(3);
  }

  @Test
  void exhaustedRetriesCountAsOneFailureAndRethrowTheLastException() {
    FlakyUpload alwaysFails = new FlakyUpload(Integer.MAX_VALUE);
    TaskHandler<String, String> upload = InstrumentedTasks.wrap(alwaysFails, worker.metrics, WORKER);

    assertThatThrownBy(() -> upload.handle("a.pdf")).isInstanceOf(IOException.class).hasMessageContaining("attempt 4");

    assertThat(alwaysFails.attempts).hasValue(4);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("flaky_upload", "retry"))).hasValue(3);
    assertThat(ScrapedWorker.find(scrape, retries("flaky_upload"))).hasValue(3);
    assertThat(ScrapedWorker.find(scrape, task("flaky_upload", "failure"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("flaky_upload", "success"))).hasValue(0);
  }

  @Test
  void doesNotRetryExceptionsOutsideRetryOn() {
    AtomicInteger attempts = new AtomicInteger();
    TaskHandler<String, String> parse = InstrumentedTasks.builder("parse").maxRetries(5).retryOn(IOException.class)
        .metrics(worker.metrics).workerName(WORKER)
        .wrap(input -> {
          attempts.incrementAndGet();
          throw new NumberFormatException(input);
        });

    assertThatThrownBy(() -> parse.handle("x")).isInstanceOf(NumberFormatException.class);

    assertThat(attempts).hasValue(1);
    assertThat(worker.value(task("parse", "failure"))).isEqualTo(1);
    assertThat(worker.value(retries("parse"))).isEqualTo(0);
  }

  @Test
  void waitsTheBackoffBetweenAttempts() throws Exception {
    List<Long> starts = new ArrayList<>();
    TaskHandler<String, String> slowRetry = InstrumentedTasks.builder("backoff").maxRetries(1)
        .backoff(Duration.ofMillis(200)).metrics(worker.metrics).workerName(WORKER)
        .wrap(input -> {
          starts.add(System.nanoTime());
          if (starts.size() == 1) {
            throw new IOException("first attempt fails");
          }
          return input;
        });

    assertThat(slowRetry.handle("ok")).isEqualTo("ok");

    assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(1) - starts.get(0))).isGreaterThanOrEqualTo(200);
    assertThat(worker.value(task("backoff", "retry"))).isEqualTo(1);
    assertThat(worker.value(task("backoff", "success"))).isEqualTo(1);
  }

  @Test
  void anInterruptDuringTheBackoffEndsTheTaskAsOneFailureKeepingTheInterrupt() throws Exception {
    IOException firstError = new IOException("first attempt fails");
    CountDownLatch attempted = new CountDownLatch(1);
    TaskHandler<String, String> slowRetry = InstrumentedTasks.builder("interrupted").maxRetries(3)
        .backoff(Duration.ofSeconds(60)).metrics(worker.metrics).workerName(WORKER)
        .wrap(input -> {
          attempted.countDown();
          throw firstError;
        });
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      try {
        slowRetry.handle("x");
      } catch (Exception e) {
        thrown.set(e);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });

    runner.start();
    assertThat(attempted.await(10, TimeUnit.SECONDS)).isTrue();
    runner.interrupt();
    runner.join(10_000);

    assertThat(thrown).hasValue(firstError);
    assertThat(stillInterrupted).hasValue(true);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("interrupted", "failure"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("interrupted", "retry"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, active(WORKER))).hasValue(0);
  }

  @Test
  void taskRetryExceptionCountsOneRetryAndReachesTheCallerForRedelivery() {
    AtomicInteger attempts = new AtomicInteger();
    TaskRetryException redeliver = new TaskRetryException(new IOException("index busy"));
    TaskHandler<String, String> index = InstrumentedTasks.builder("index_record").maxRetries(3)
        .metrics(worker.metrics).workerName(WORKER)
        .wrap(input -> {
          attempts.incrementAndGet();
          throw redeliver;
        });

    assertThatThrownBy(() -> index.handle("r1")).isSameAs(redeliver);

    assertThat(attempts).as("the adapter leaves the retry to the queue").hasValue(1);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("index_record", "retry"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, retries("index_record"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("index_record", "failure"))).hasValue(0);
  }

  @Test
  void taskIgnoredExceptionRecordsNoOutcomeAndReachesTheCaller() {
    TaskIgnoredException notMine = new TaskIgnoredException("task t1 is owned by a newer attempt");
    TaskHandler<String, String> extract = InstrumentedTasks.builder("extract_document").taskType("pdf").maxRetries(3)
        .metrics(worker.metrics).workerName(WORKER)
        .wrap(input -> {
          throw notMine;
        });
    List<Throwable> reported = new ArrayList<>();
    Runnable stale = InstrumentedTasks.builder("extract_document").metrics(worker.metrics).workerName(WORKER)
        .failureListener((name, status, error) -> reported.add(error))
        .runnable(() -> {
          throw notMine;
        });

    assertThatThrownBy(() -> extract.handle("t1")).isSameAs(notMine);
    stale.run();

    String scrape = worker.scrape();
    for (String status : List.of("success", "retry", "failure")) {
      assertThat(ScrapedWorker.find(scrape, task("extract_document", status))).as(status).hasValue(0);
      assertThat(ScrapedWorker.find(scrape, extraction("pdf", status))).as(status).hasValue(0);
    }
    assertThat(ScrapedWorker.find(scrape, durationCount("extract_document"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, active(WORKER))).hasValue(0);
    assertThat(reported).as("an ignored execution is not a failure").isEmpty();
  }

  @Test
  void readsTheAnnotationOnTheHandleMethod() throws Exception {
    TaskHandler<String, String> handler = InstrumentedTasks.wrap(new AnnotatedMethod(), worker.metrics, WORKER);

    handler.handle("x");

    assertThat(worker.value(task("on_method", "success"))).isEqualTo(1);
    assertThat(worker.value(extraction("dxf", "success"))).isEqualTo(1);
  }

  @Test
  void asksTheHandlerTheTaskTypeOfEachInput() throws Exception {
    TaskHandler<String, String> extract = InstrumentedTasks.wrap(new AnyExtractor(), worker.metrics, WORKER);

    extract.handle("plan.dxf");
    extract.handle("model.ifc");
    extract.handle("part.step");
    extract.handle("other.dxf");

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, extraction("dxf", "success"))).hasValue(2);
    assertThat(ScrapedWorker.find(scrape, extraction("ifc", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, extraction("step", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("extract_any", "success"))).hasValue(4);
  }

  @Test
  void aThrowingTaskTypeResolverRecordsUnknownAndStillRunsTheTask() throws Exception {
    TaskHandler<String, String> extract = InstrumentedTasks.builder("extract_guess")
        .taskTypes((String file) -> {
          throw new IllegalArgumentException("no extension");
        })
        .metrics(worker.metrics).workerName(WORKER).wrap(file -> "done " + file);

    assertThat(extract.handle("README")).isEqualTo("done README");

    assertThat(worker.value(extraction("unknown", "success"))).isEqualTo(1);
  }

  @Test
  void rejectsAHandlerWithoutTaskAnnotationNamingTheFix() {
    TaskHandler<String, String> lambda = input -> input;

    assertThatThrownBy(() -> InstrumentedTasks.wrap(lambda, worker.metrics, WORKER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no @Task annotation")
        .hasMessageContaining("InstrumentedTasks.builder(");
  }

  @Test
  void rejectsFromInputOnAHandlerThatIsNoTaskTypeResolver() {
    @Task(name = "x", taskType = Task.FROM_INPUT)
    final class NoResolver implements TaskHandler<String, String> {
      @Override
      public String handle(String input) {
        return input;
      }
    }

    assertThatThrownBy(() -> InstrumentedTasks.wrap(new NoResolver(), worker.metrics, WORKER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TaskTypeResolver");
  }

  @Test
  void runnableCatchesTheExceptionReportsItAndKeepsTheThreadAlive() throws Exception {
    AtomicReference<String> reported = new AtomicReference<>();
    RuntimeException boom = new RuntimeException("boom");
    Runnable job = InstrumentedTasks.builder("nightly_report").metrics(worker.metrics).workerName(WORKER)
        .failureListener((name, status, error) -> reported.set(name + "/" + status + "/" + error.getMessage()))
        .runnable(() -> {
          throw boom;
        });

    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Thread> first = new AtomicReference<>();
      AtomicReference<Thread> second = new AtomicReference<>();
      single.execute(() -> first.set(Thread.currentThread()));
      single.execute(job);
      single.execute(() -> second.set(Thread.currentThread()));
      single.shutdown();
      assertThat(single.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      assertThat(second.get()).as("the same pool thread ran the task after the failure").isSameAs(first.get());
    } finally {
      single.shutdownNow();
    }

    assertThat(reported).hasValue("nightly_report/" + TaskStatus.FAILURE + "/boom");
    assertThat(worker.value(task("nightly_report", "failure"))).isEqualTo(1);
  }

  @Test
  void runnableCountsSuccess() {
    AtomicInteger runs = new AtomicInteger();
    Runnable job = InstrumentedTasks.builder("cleanup").metrics(worker.metrics).workerName(WORKER)
        .runnable(runs::incrementAndGet);

    job.run();
    job.run();

    assertThat(runs).hasValue(2);
    assertThat(worker.value(task("cleanup", "success"))).isEqualTo(2);
  }

  @Test
  void callableReturnsItsResultAndRethrowsItsCheckedException() {
    IOException disk = new IOException("disk full");
    Callable<Integer> ok = InstrumentedTasks.builder("count_rows").metrics(worker.metrics).workerName(WORKER)
        .callable(() -> 42);
    Callable<Integer> failing = InstrumentedTasks.builder("count_rows").metrics(worker.metrics).workerName(WORKER)
        .callable(() -> {
          throw disk;
        });

    assertThat(ok).satisfies(c -> assertThat(c.call()).isEqualTo(42));
    assertThatThrownBy(failing::call).isSameAs(disk);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("count_rows", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("count_rows", "failure"))).hasValue(1);
  }

  @Test
  void activeGaugeRisesWhileTasksRunAndReturnsToZero() throws Exception {
    int tasks = 3;
    CountDownLatch release = new CountDownLatch(1);
    CyclicBarrier allRunning = new CyclicBarrier(tasks + 1);
    TaskHandler<Integer, Integer> blocking = InstrumentedTasks.builder("blocking").metrics(worker.metrics)
        .workerName(WORKER)
        .wrap(i -> {
          allRunning.await(10, TimeUnit.SECONDS);
          assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
          return i;
        });
    ExecutorService pool = Executors.newFixedThreadPool(tasks);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        int input = i;
        results.add(pool.submit(() -> blocking.handle(input)));
      }
      allRunning.await(10, TimeUnit.SECONDS);

      assertThat(worker.value(active(WORKER))).isEqualTo(tasks);

      release.countDown();
      for (Future<Integer> f : results) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(worker.value(active(WORKER))).isEqualTo(0);
      assertThat(worker.value(task("blocking", "success"))).isEqualTo(tasks);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void withMetricsDisabledTasksStillRunAndRetry() throws Exception {
    PyBaseMetrics off = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().enabled(false).jvmMetrics(false).build());
    FlakyUpload flaky = new FlakyUpload(1);
    TaskHandler<String, String> upload = InstrumentedTasks.wrap(flaky, off, WORKER);

    assertThat(upload.handle("a")).isEqualTo("uploaded a");
    assertThat(flaky.attempts).hasValue(2);
    assertThat(off.registry().scrape()).isEmpty();
  }

  @Test
  void theActiveSeriesExistsAtZeroBeforeTheFirstTask() {
    InstrumentedTasks.builder("idle").metrics(worker.metrics).workerName("idle-worker").runnable(() -> { });

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(worker.value(active("idle-worker"))).isEqualTo(0));
  }

  /** A message taken from a queue, enqueued {@code agoMillis} before it is handled. */
  record Message(String body, long enqueuedAtMillis) implements QueuedMessage {}

  @Test
  void queuedMessageRecordsTheWaitFromEnqueueToTheStartOfTheAttempt() throws Exception {
    TaskHandler<Message, Integer> handler = InstrumentedTasks.builder("extract_document").metrics(worker.metrics)
        .workerName(WORKER).wrap(m -> m.body().length());
    handler.handle(new Message("abc", System.currentTimeMillis() - 2_500));
    handler.handle(new Message("clock ahead", System.currentTimeMillis() + 60_000));

    String body = worker.get("/metrics").body();
    assertThat(body).contains("celery_task_queue_wait_seconds_count{task_name=\"extract_document\"} 2");
    assertThat(body).contains("celery_task_queue_wait_seconds_bucket{task_name=\"extract_document\",le=\"0.1\"} 1");
    assertThat(body).contains("celery_task_queue_wait_seconds_bucket{task_name=\"extract_document\",le=\"1.0\"} 1");
    assertThat(body).contains("celery_task_queue_wait_seconds_bucket{task_name=\"extract_document\",le=\"5.0\"} 2");
  }

  @Test
  void executorTaskRecordsTheWaitFromSubmissionToStart() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    ExecutorService pool = InstrumentedExecutorService.builder(single).metrics(worker.metrics).workerName(WORKER)
        .taskName("queued_job").build();
    try {
      CountDownLatch release = new CountDownLatch(1);
      Future<?> blocking = pool.submit(() -> {
        release.await();
        return null;
      });
      Future<?> queued = pool.submit(() -> { });
      Thread.sleep(600);
      release.countDown();
      blocking.get(10, TimeUnit.SECONDS);
      queued.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    String body = worker.get("/metrics").body();
    assertThat(body).contains("celery_task_queue_wait_seconds_count{task_name=\"queued_job\"} 2");
    // the second task waited behind the first for at least 0.6 s: above the 0.5 s bound
    assertThat(body).contains("celery_task_queue_wait_seconds_bucket{task_name=\"queued_job\",le=\"0.5\"} 1");
  }
}
