package io.pybase.metrics.worker;

import io.pybase.metrics.PyBaseMetrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} that times and counts every task it runs, in one line:
 *
 * <pre>{@code
 * ExecutorService pool = InstrumentedExecutorService.monitor(Executors.newFixedThreadPool(4), "extraction");
 * pool.execute(() -> extract(file));          // celery_task_total{task_name="extraction",status=...}
 * pool.submit(new SendEmail());               // a NamedTask: task_name="send_email"
 * }</pre>
 *
 * <p>Records {@code celery_task_total{task_name,status}} and {@code celery_task_duration_seconds{task_name}} per
 * task, {@code celery_active_workers{worker_name}} while tasks run, and {@code celery_worker_pool_size{worker_name}}
 * once: the number of tasks the pool can run at once, read from its configuration (a {@link ThreadPoolExecutor}
 * runs its core size when its queue is unbounded and its maximum size otherwise; a {@link ForkJoinPool} its
 * parallelism; {@code newSingleThreadExecutor()} one) or given with {@link Builder#poolSize(int)}. An executor whose
 * figure cannot be read (a cached pool, virtual threads, an unconfigurable wrapper, your own) is refused with a message
 * asking for {@code poolSize(n)}. The {@code task_name} is the task's own when it implements {@link NamedTask},
 * otherwise the executor's task name (default: the worker name) — never {@code toString()}, which can be unbounded.
 * The executor's own task name gets its series at its first task that has no name of its own, so an executor that runs
 * only named or wrapped tasks shows no task that never runs. Tasks already wrapped by {@link InstrumentedTasks} run as
 * they are, counted once.
 *
 * <p>Exceptions: a task given to {@link #execute(Runnable)} that throws is counted as a failure and reported to the
 * {@link TaskFailureListener} (default: a WARNING log); the pool thread survives. A task given to {@code submit}
 * or {@code invokeAll}/{@code invokeAny} is counted the same and its exception reaches the {@link Future} unchanged.
 * Shutting this executor down shuts the wrapped one down.
 */
public final class InstrumentedExecutorService implements ExecutorService {

  private final ExecutorService delegate;
  private final PyBaseMetrics metrics;
  private final String workerName;
  private final TaskExecution execution;
  private final TaskFailureListener failureListener;
  private final String defaultTaskName;
  /**
   * The task of tasks that are not a {@link NamedTask}, resolved on the first one: until then the executor creates no
   * series of its own, so an executor that runs only named or wrapped tasks shows no task that never runs.
   */
  private volatile InstrumentedTasks.@Nullable Resolved defaultTask;
  private final ConcurrentHashMap<String, InstrumentedTasks.Resolved> namedTasks = new ConcurrentHashMap<>();
  private final int maxNamedTasks;

  private InstrumentedExecutorService(Builder b) {
    this.delegate = b.executor;
    this.metrics = b.metrics != null ? b.metrics : PyBaseMetrics.get();
    this.workerName = b.workerName != null ? b.workerName : WorkerNames.fromEnvironment();
    this.failureListener = b.failureListener;
    this.execution = new TaskExecution(RetryPolicy.NONE, metrics, workerName);
    this.defaultTaskName = b.taskName != null ? b.taskName : workerName;
    this.maxNamedTasks = metrics.config().maxLabelValues();
    int poolSize = b.poolSize > 0 ? b.poolSize : PoolCapacity.of(delegate);
    try {
      metrics.workers().poolSize(workerName, poolSize);
    } catch (Throwable e) {
      FatalErrors.rethrowIfFatal(e);
      // a metrics fault never stops a worker
    }
  }

  /**
   * Wraps {@code executor}, recording into {@link PyBaseMetrics#get()} under {@code workerName}.
   *
   * @throws IllegalArgumentException when the executor's pool size cannot be read from it (use {@link #builder}
   *     with {@code poolSize(n)})
   */
  public static InstrumentedExecutorService monitor(ExecutorService executor, String workerName) {
    return builder(executor).workerName(workerName).build();
  }

  /**
   * Wraps {@code executor}, recording into {@code metrics} under {@code workerName}.
   *
   * @throws IllegalArgumentException when the executor's pool size cannot be read from it (use {@link #builder}
   *     with {@code poolSize(n)})
   */
  public static InstrumentedExecutorService monitor(ExecutorService executor, PyBaseMetrics metrics, String workerName) {
    return builder(executor).metrics(metrics).workerName(workerName).build();
  }

  /** All the options, for a task name other than the worker name, a pool size, or a failure listener. */
  public static Builder builder(ExecutorService executor) {
    return new Builder(executor);
  }

  /** The worker name of the gauges. */
  public String workerName() {
    return workerName;
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(runnable(command, true));
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(runnable(task, false));
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return delegate.submit(runnable(task, false), result);
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return delegate.submit(callable(task));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    return delegate.invokeAll(callables(tasks));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(callables(tasks), timeout, unit);
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    return delegate.invokeAny(callables(tasks));
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(callables(tasks), timeout, unit);
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /** Shuts the wrapped executor down now; the returned tasks are the wrapped (instrumented) ones. */
  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "InstrumentedExecutorService{" + workerName + ": " + delegate + "}";
  }

  /** The task, instrumented; the task itself when instrumenting it fails (it then runs unrecorded). */
  private Runnable runnable(Runnable task, boolean catching) {
    Objects.requireNonNull(task, "task");
    if (task instanceof RecordingWrapper) {
      return task;
    }
    try {
      return new InstrumentedRunnable(task, resolvedFor(task), catching, System.nanoTime());
    } catch (Throwable e) {
      fault(e);
      return task;
    }
  }

  /** The task, instrumented; the task itself when instrumenting it fails (it then runs unrecorded). */
  private <T> Callable<T> callable(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    if (task instanceof RecordingWrapper) {
      return task;
    }
    try {
      return new InstrumentedCallable<>(task, resolvedFor(task), System.nanoTime());
    } catch (Throwable e) {
      fault(e);
      return task;
    }
  }

  /** Counts a fault around instrumenting; rethrows only a fatal VM error. */
  private void fault(Throwable e) {
    metrics.recordingFailed(e);
  }

  private <T> List<Callable<T>> callables(Collection<? extends Callable<T>> tasks) {
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      wrapped.add(callable(task));
    }
    return wrapped;
  }

  private InstrumentedTasks.Resolved resolvedFor(Object task) {
    if (!(task instanceof NamedTask named)) {
      return defaultTask();
    }
    String name;
    try {
      name = named.taskName();
    } catch (Throwable e) {
      fault(e);
      return defaultTask();
    }
    if (name == null || name.isBlank()) {
      return defaultTask();
    }
    InstrumentedTasks.Resolved known = namedTasks.get(name);
    if (known != null) {
      return known;
    }
    InstrumentedTasks.Resolved fresh = resolved(name);
    if (namedTasks.size() < maxNamedTasks) {
      namedTasks.putIfAbsent(name, fresh);
    }
    return fresh;
  }

  /**
   * The executor's own task, created on first use (its series then start at zero); a race between two first tasks
   * resolves it twice to the same recorder, which is harmless.
   */
  private InstrumentedTasks.Resolved defaultTask() {
    InstrumentedTasks.Resolved task = defaultTask;
    if (task == null) {
      task = resolved(defaultTaskName);
      defaultTask = task;
    }
    return task;
  }

  private InstrumentedTasks.Resolved resolved(String taskName) {
    return new InstrumentedTasks.Resolved(taskName, metrics.tasks().task(taskName), null, null,
        metrics.extractions(), execution, failureListener);
  }

  /**
   * Options of a {@link InstrumentedExecutorService}.
   *
   * <pre>{@code
   * ExecutorService pool = InstrumentedExecutorService.builder(executor)
   *     .metrics(metrics).workerName("search").taskName("search_query").poolSize(8)
   *     .failureListener((task, status, error) -> log.error("{} failed", task, error))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final ExecutorService executor;
    private @Nullable PyBaseMetrics metrics;
    private @Nullable String workerName;
    private @Nullable String taskName;
    private int poolSize;
    private TaskFailureListener failureListener = TaskFailureListener.LOG;

    private Builder(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Where to record (default {@link PyBaseMetrics#get()}). */
    public Builder metrics(PyBaseMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** The {@code worker_name} of the gauges (default {@code WORKER_NAME}: {@link WorkerNames#fromEnvironment()}). */
    public Builder workerName(String workerName) {
      this.workerName = WorkerNames.require(workerName);
      return this;
    }

    /**
     * The {@code task_name} of tasks that are not a {@link NamedTask} (default: the worker name); its series are created
     * at the first such task.
     */
    public Builder taskName(String taskName) {
      if (taskName == null || taskName.isBlank()) {
        throw new IllegalArgumentException("taskName must not be null or blank");
      }
      this.taskName = taskName;
      return this;
    }

    /**
     * {@code celery_worker_pool_size}: the number of tasks the executor may run at once, for an executor whose
     * figure cannot be read from it (required then), or to override the one read.
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1, got " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** Who hears about exceptions of tasks given to {@code execute} (default {@link TaskFailureListener#LOG}). */
    public Builder failureListener(TaskFailureListener listener) {
      this.failureListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The instrumented executor.
     *
     * @throws IllegalArgumentException when no {@link #poolSize(int)} was given and the executor's cannot be read
     */
    public InstrumentedExecutorService build() {
      return new InstrumentedExecutorService(this);
    }
  }
}
