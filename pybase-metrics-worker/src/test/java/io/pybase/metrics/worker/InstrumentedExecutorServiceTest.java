package io.pybase.metrics.worker;

import static io.pybase.metrics.worker.ScrapedWorker.active;
import static io.pybase.metrics.worker.ScrapedWorker.durationCount;
import static io.pybase.metrics.worker.ScrapedWorker.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstrumentedExecutorServiceTest {

  private static final String POOL = "pool-worker";

  private ScrapedWorker worker;
  private final List<ExecutorService> started = new ArrayList<>();

  @BeforeEach
  void start() {
    worker = ScrapedWorker.start();
  }

  @AfterEach
  void stop() {
    started.forEach(ExecutorService::shutdownNow);
    worker.close();
  }

  private InstrumentedExecutorService monitor(ExecutorService executor) {
    started.add(executor);
    return InstrumentedExecutorService.monitor(executor, worker.metrics, POOL);
  }

  /** A task that names itself {@code send_email}. */
  private static final class SendEmail implements Runnable, NamedTask {
    @Override
    public void run() { }

    @Override
    public String taskName() {
      return "send_email";
    }
  }

  private static void drain(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void countsEveryTaskUnderTheWorkerNameAndExposesThePoolSize() throws Exception {
    ExecutorService pool = monitor(Executors.newFixedThreadPool(4));

    for (int i = 0; i < 5; i++) {
      pool.execute(() -> { });
    }
    pool.submit(() -> 1).get(10, TimeUnit.SECONDS);
    drain(pool);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task(POOL, "success"))).hasValue(6);
    assertThat(ScrapedWorker.find(scrape, durationCount(POOL))).hasValue(6);
    assertThat(ScrapedWorker.find(scrape, "celery_worker_pool_size{worker_name=\"" + POOL + "\"}")).hasValue(4);
    assertThat(ScrapedWorker.find(scrape, active(POOL))).hasValue(0);
  }

  private double poolSizeOf(ExecutorService executor, String workerName) {
    started.add(executor);
    InstrumentedExecutorService.monitor(executor, worker.metrics, workerName);
    return ScrapedWorker.find(worker.scrape(), "celery_worker_pool_size{worker_name=\"" + workerName + "\"}")
        .orElseThrow();
  }

  @Test
  @SuppressWarnings("ErroneousThreadPoolConstructorChecker") // the mistaken pools an application may build, on purpose
  void poolSizeIsTheNumberOfTasksThePoolCanRunAtOnce() {
    // a scheduled pool never grows past its core size; neither does any pool with an unbounded queue
    assertThat(poolSizeOf(Executors.newScheduledThreadPool(4), "scheduled")).isEqualTo(4);
    assertThat(poolSizeOf(new ThreadPoolExecutor(4, 16, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>()),
        "unbounded-queue")).isEqualTo(4);
    assertThat(poolSizeOf(new ThreadPoolExecutor(0, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>()),
        "no-core")).isEqualTo(1);
    // a bounded queue or a hand-off lets the pool grow to its maximum
    assertThat(poolSizeOf(new ThreadPoolExecutor(2, 6, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10)),
        "bounded-queue")).isEqualTo(6);
    assertThat(poolSizeOf(new ThreadPoolExecutor(1, 3, 60, TimeUnit.SECONDS, new SynchronousQueue<>()),
        "hand-off")).isEqualTo(3);
    assertThat(poolSizeOf(Executors.newFixedThreadPool(3), "fixed")).isEqualTo(3);
    assertThat(poolSizeOf(Executors.newSingleThreadExecutor(), "single")).isEqualTo(1);
    assertThat(poolSizeOf(new ForkJoinPool(5), "fork-join")).isEqualTo(5);
  }

  @Test
  void refusesAnExecutorWhosePoolSizeCannotBeReadAndAsksForIt() {
    ExecutorService cached = started(Executors.newCachedThreadPool());
    assertThatThrownBy(() -> InstrumentedExecutorService.monitor(cached, worker.metrics, POOL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grows without bound")
        .hasMessageContaining(".poolSize(n)");
    ExecutorService hidden = Executors.unconfigurableExecutorService(started(Executors.newFixedThreadPool(2)));
    assertThatThrownBy(() -> InstrumentedExecutorService.monitor(hidden, worker.metrics, POOL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(hidden.getClass().getName())
        .hasMessageContaining(".poolSize(n)");

    InstrumentedExecutorService.builder(cached).metrics(worker.metrics).workerName(POOL).poolSize(32).build();
    assertThat(ScrapedWorker.find(worker.scrape(), "celery_worker_pool_size{worker_name=\"" + POOL + "\"}"))
        .hasValue(32);
  }

  @Test
  void aTaskThatThrowsInExecuteIsCountedReportedAndDoesNotKillThePoolThread() throws Exception {
    AtomicReference<String> reported = new AtomicReference<>();
    ExecutorService single = Executors.newSingleThreadExecutor();
    started.add(single);
    ExecutorService pool = InstrumentedExecutorService.builder(single).metrics(worker.metrics).workerName(POOL)
        .failureListener((name, status, error) -> reported.set(name + "/" + status + "/" + error.getMessage()))
        .build();
    AtomicReference<Thread> before = new AtomicReference<>();
    AtomicReference<Thread> after = new AtomicReference<>();

    pool.execute(() -> before.set(Thread.currentThread()));
    pool.execute(() -> {
      throw new IllegalStateException("bad input");
    });
    pool.execute(() -> after.set(Thread.currentThread()));
    drain(pool);

    assertThat(after.get()).as("the pool thread survived the failure").isSameAs(before.get());
    assertThat(reported).hasValue(POOL + "/" + TaskStatus.FAILURE + "/bad input");
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task(POOL, "failure"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task(POOL, "success"))).hasValue(2);
  }

  @Test
  void submitCountsTheFailureAndHandsTheExceptionToTheFutureUnchanged() {
    ExecutorService pool = monitor(Executors.newFixedThreadPool(2));
    IllegalArgumentException bad = new IllegalArgumentException("bad");

    Future<?> runnable = pool.submit((Runnable) () -> {
      throw bad;
    });
    Future<Object> callable = pool.submit((Callable<Object>) () -> {
      throw bad;
    });

    assertThatThrownBy(() -> runnable.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(bad);
    assertThatThrownBy(() -> callable.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(bad);
    assertThat(worker.value(task(POOL, "failure"))).isEqualTo(2);
  }

  @Test
  void aNamedTaskIsCountedUnderItsOwnName() throws Exception {
    ExecutorService pool = InstrumentedExecutorService.builder(started(Executors.newFixedThreadPool(2)))
        .metrics(worker.metrics).workerName(POOL).taskName("misc").build();

    pool.execute(new SendEmail());
    pool.submit(new SendEmail()).get(10, TimeUnit.SECONDS);
    pool.execute(() -> { });
    drain(pool);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("send_email", "success"))).hasValue(2);
    assertThat(ScrapedWorker.find(scrape, task("misc", "success"))).hasValue(1);
  }

  @Test
  void anAlreadyInstrumentedTaskIsCountedOnce() throws Exception {
    ExecutorService pool = monitor(Executors.newFixedThreadPool(2));
    Runnable wrapped = InstrumentedTasks.builder("wrapped").metrics(worker.metrics).workerName(POOL)
        .runnable(() -> { });

    pool.execute(wrapped);
    drain(pool);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("wrapped", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task(POOL, "success"))).isEmpty();   // not counted by the pool too
  }

  @Test
  void createsItsOwnTaskNamesSeriesOnlyAtTheFirstTaskThatHasNoNameOfItsOwn() throws Exception {
    ExecutorService pool = monitor(Executors.newFixedThreadPool(2));
    pool.submit(InstrumentedTasks.builder("wrapped").metrics(worker.metrics).workerName(POOL).runnable(() -> { }))
        .get(10, TimeUnit.SECONDS);
    pool.submit(new SendEmail()).get(10, TimeUnit.SECONDS);

    String onlyNamedTasks = worker.scrape();   // no task_name="pool-worker" that never ran on the dashboards
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(ScrapedWorker.find(onlyNamedTasks, task(POOL, status.label()))).as(status.label()).isEmpty();
    }
    assertThat(ScrapedWorker.find(onlyNamedTasks, durationCount(POOL))).isEmpty();
    assertThat(ScrapedWorker.find(onlyNamedTasks, task("send_email", "success"))).hasValue(1);

    pool.submit(() -> { }).get(10, TimeUnit.SECONDS);   // a plain Runnable: counted under the worker name
    pool.execute(() -> { });
    drain(pool);

    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task(POOL, "success"))).hasValue(2);
    assertThat(ScrapedWorker.find(scrape, task(POOL, "failure"))).hasValue(0);   // its other statuses at zero
    assertThat(ScrapedWorker.find(scrape, task(POOL, "retry"))).hasValue(0);
    assertThat(ScrapedWorker.find(scrape, durationCount(POOL))).hasValue(2);
  }

  @Test
  void aWrappedHandlersCallableIsCountedOnceUnderTheHandlersNameWithItsRetries() throws Exception {
    ExecutorService pool = monitor(Executors.newFixedThreadPool(2));
    AtomicInteger attempts = new AtomicInteger();
    TaskHandler<String, String> flaky = InstrumentedTasks.builder("flaky").maxRetries(1).metrics(worker.metrics)
        .workerName(POOL).wrap(input -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("first attempt");
          }
          return input.toUpperCase(java.util.Locale.ROOT);
        });

    Future<String> result = pool.submit(InstrumentedTasks.callable(flaky, "ok"));

    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("OK");
    drain(pool);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task("flaky", "retry"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task("flaky", "success"))).hasValue(1);
    assertThat(ScrapedWorker.find(scrape, task(POOL, "success"))).isEmpty();   // not counted by the pool too
    assertThat(worker.value(active(POOL))).isEqualTo(0);
    assertThat(scrape).contains("celery_task_queue_wait_seconds_count{task_name=\"flaky\"} 1");
  }

  @Test
  void aHandlerThatWasNotWrappedIsRefusedAsAnExecutorTask() {
    TaskHandler<String, String> plain = input -> input;

    assertThatThrownBy(() -> InstrumentedTasks.callable(plain, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a wrapped handler; pass what InstrumentedTasks.wrap(handler)");
  }

  @Test
  void invokeAllCountsEachTask() throws Exception {
    ExecutorService pool = monitor(Executors.newFixedThreadPool(2));
    List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> {
      throw new IllegalStateException("third");
    });

    List<Future<Integer>> results = pool.invokeAll(tasks);

    assertThat(results.get(0).get()).isEqualTo(1);
    assertThat(results.get(1).get()).isEqualTo(2);
    assertThatThrownBy(() -> results.get(2).get()).hasCauseInstanceOf(IllegalStateException.class);
    String scrape = worker.scrape();
    assertThat(ScrapedWorker.find(scrape, task(POOL, "success"))).hasValue(2);
    assertThat(ScrapedWorker.find(scrape, task(POOL, "failure"))).hasValue(1);
  }

  @Test
  void activeGaugeCountsRunningTasksAndReturnsToZero() throws Exception {
    int threads = 3;
    ExecutorService pool = monitor(Executors.newFixedThreadPool(threads));
    CyclicBarrier running = new CyclicBarrier(threads + 1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();

    for (int i = 0; i < threads; i++) {
      pool.execute(() -> {
        try {
          running.await(10, TimeUnit.SECONDS);
          release.await(10, TimeUnit.SECONDS);
          done.incrementAndGet();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
    running.await(10, TimeUnit.SECONDS);
    try {
      assertThat(worker.value(active(POOL))).isEqualTo(threads);
    } finally {
      release.countDown();
    }
    drain(pool);

    assertThat(done).hasValue(threads);
    assertThat(worker.value(active(POOL))).isEqualTo(0);
    assertThat(worker.value(task(POOL, "success"))).isEqualTo(threads);
  }

  @Test
  void readsThePoolSizeOfAForkJoinPool() throws Exception {
    ExecutorService pool = monitor(new ForkJoinPool(3));

    pool.submit(() -> { }).get(10, TimeUnit.SECONDS);

    assertThat(worker.value("celery_worker_pool_size{worker_name=\"" + POOL + "\"}")).isEqualTo(3);
    assertThat(worker.value(task(POOL, "success"))).isEqualTo(1);
  }

  private ExecutorService started(ExecutorService executor) {
    started.add(executor);
    return executor;
  }
}
