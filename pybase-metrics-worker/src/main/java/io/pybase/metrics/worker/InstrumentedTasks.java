package io.pybase.metrics.worker;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.TaskMetrics;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.TaskStatus;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a task so every execution records {@code celery_task_total{task_name,status}},
 * {@code celery_task_duration_seconds{task_name}}, {@code celery_task_retries_total{task_name}}, for extraction
 * tasks {@code extraction_task_total{task_type,status}} and {@code extraction_task_duration_seconds{task_type}},
 * and holds {@code celery_active_workers{worker_name}} up while it runs.
 *
 * <pre>{@code
 * // annotated handler: name, task type and retry policy from @Task, read once here
 * TaskHandler<Path, Document> pdf = InstrumentedTasks.wrap(new PdfExtractor());
 *
 * // no annotation
 * Runnable cleanup = InstrumentedTasks.runnable("cleanup_tmp", () -> tmp.purge());
 * Callable<Integer> count = InstrumentedTasks.callable("count_rows", () -> table.count());
 * TaskHandler<Long, Void> reindex = InstrumentedTasks.builder("reindex_table")
 *     .maxRetries(2).retryOn(IOException.class).backoff(Duration.ofSeconds(1))
 *     .wrap(tableId -> { index.rebuild(tableId); return null; });
 * }</pre>
 *
 * <p>Status values: {@code success} (an attempt returned), {@code retry} (an attempt threw and the task runs
 * again, here or elsewhere: see {@link TaskRetryException}), {@code failure} (the final attempt threw). A task
 * counts one final outcome however many retries it took; each retry counts once in {@code status="retry"} and in
 * {@code celery_task_retries_total}; the duration histogram observes every attempt.
 *
 * <p>Exceptions: a wrapped {@link TaskHandler} and a wrapped {@link Callable} rethrow the task's final exception
 * unchanged; a wrapped {@link Runnable} catches it, so the thread that runs it survives, and reports it to its
 * {@link TaskFailureListener} (by default a WARNING log). Recording never throws into the task.
 */
public final class InstrumentedTasks {

  private InstrumentedTasks() {}

  /**
   * Wraps a handler annotated with {@link Task} (on its class or its {@link TaskHandler#handle handle} method),
   * recording into {@link PyBaseMetrics#get()} under the worker name of {@code WORKER_NAME}.
   *
   * @throws IllegalArgumentException if the handler has no {@code @Task}, or its annotation is invalid
   */
  public static <I, O> TaskHandler<I, O> wrap(TaskHandler<I, O> handler) {
    return fromAnnotation(handler).wrap(handler);
  }

  /** Like {@link #wrap(TaskHandler)}, recording into {@code metrics} under {@code workerName}. */
  public static <I, O> TaskHandler<I, O> wrap(TaskHandler<I, O> handler, PyBaseMetrics metrics, String workerName) {
    return fromAnnotation(handler).metrics(metrics).workerName(workerName).wrap(handler);
  }

  /** Times and counts {@code task} under {@code taskName}; exceptions are caught and logged (thread survives). */
  public static Runnable runnable(String taskName, Runnable task) {
    return builder(taskName).runnable(task);
  }

  /** Times and counts {@code task} under {@code taskName}; its exception is rethrown unchanged. */
  public static <V> Callable<V> callable(String taskName, Callable<V> task) {
    return builder(taskName).callable(task);
  }

  /**
   * A wrapped handler's execution on {@code input}, as a {@link Callable} for an executor. An
   * {@link InstrumentedExecutorService} runs it as it is, so the task counts once: under the handler's name, with its
   * retries, its queue wait from the input's enqueue time ({@link QueuedMessage}), else from this call. A lambda
   * calling the handler would be counted twice, once by the executor (under its task name) and once by the handler.
   *
   * <pre>{@code
   * pool.submit(InstrumentedTasks.callable(resize, message));   // not pool.submit(() -> resize.handle(message))
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code handler} was not made by {@link #wrap} or {@link Builder#wrap}
   */
  public static <I, O> Callable<O> callable(TaskHandler<I, O> handler, I input) {
    Objects.requireNonNull(handler, "handler");
    if (!(handler instanceof InstrumentedHandler)) {
      throw new IllegalArgumentException(handler.getClass().getName() + " is not a wrapped handler; pass what "
          + "InstrumentedTasks.wrap(handler) or InstrumentedTasks.builder(name).wrap(handler) returned");
    }
    return ((InstrumentedHandler<I, O>) handler).callable(input);
  }

  /** Options for one task name, without annotations. */
  public static Builder builder(String taskName) {
    return new Builder(taskName);
  }

  /** The builder {@code handler}'s {@link Task} annotation describes. */
  static Builder fromAnnotation(Object handler) {
    Objects.requireNonNull(handler, "handler");
    Task task = annotationOf(handler.getClass());
    if (task == null) {
      throw new IllegalArgumentException(handler.getClass().getName()
          + " has no @Task annotation on its class or its handle method; annotate it, or use"
          + " InstrumentedTasks.builder(\"task_name\").wrap(handler)");
    }
    Builder b = builder(task.name())
        .maxRetries(task.maxRetries())
        .retryOn(task.retryOn())
        .backoff(Duration.ofMillis(task.backoffMillis()))
        .backoffMultiplier(task.backoffMultiplier());
    if (Task.FROM_INPUT.equals(task.taskType())) {
      if (!(handler instanceof TaskTypeResolver<?> resolver)) {
        throw new IllegalArgumentException(handler.getClass().getName()
            + " has @Task(taskType = Task.FROM_INPUT) but does not implement TaskTypeResolver");
      }
      b.taskTypes(resolver);
    } else if (!task.taskType().isEmpty()) {
      b.taskType(task.taskType());
    }
    return b;
  }

  /** The {@code @Task} of a {@code handle} method, else of the class (or a superclass). */
  private static @Nullable Task annotationOf(Class<?> type) {
    for (Method m : type.getMethods()) {
      if (m.getName().equals("handle") && m.getParameterCount() == 1) {
        Task onMethod = m.getAnnotation(Task.class);
        if (onMethod != null) {
          return onMethod;
        }
      }
    }
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Task onType = c.getAnnotation(Task.class);
      if (onType != null) {
        return onType;
      }
    }
    return null;
  }

  /**
   * The options of one task: name, extraction type, retry policy, where to record, who hears about swallowed
   * failures. Every setting is read when {@code wrap}, {@code runnable} or {@code callable} is called; the result
   * is immutable.
   *
   * <pre>{@code
   * TaskHandler<Path, Document> extract = InstrumentedTasks.builder("extract_document")
   *     .taskTypes(file -> FileKind.of(file).label())     // or .taskType("pdf")
   *     .maxRetries(3).retryOn(IOException.class).backoff(Duration.ofMillis(500)).backoffMultiplier(2)
   *     .metrics(metrics).workerName("extraction")
   *     .wrap(extractor);
   * }</pre>
   */
  public static final class Builder {
    private final String taskName;
    private @Nullable String taskType;
    private @Nullable TaskTypeResolver<?> taskTypes;
    private int maxRetries;
    private Class<?>[] retryOn = {Exception.class};
    private long backoffMillis;
    private double backoffMultiplier = 1.0;
    private @Nullable PyBaseMetrics metrics;
    private @Nullable String workerName;
    private TaskFailureListener failureListener = TaskFailureListener.LOG;

    private Builder(String taskName) {
      if (taskName == null || taskName.isBlank()) {
        throw new IllegalArgumentException("task name must not be null or blank");
      }
      this.taskName = taskName;
    }

    /** Makes it an extraction task of this fixed {@code task_type}, e.g. {@code "pdf"}. */
    public Builder taskType(String taskType) {
      if (taskType == null || taskType.isBlank() || Task.FROM_INPUT.equals(taskType)) {
        throw new IllegalArgumentException(
            "taskType must be a fixed non-blank type such as \"pdf\"; use taskTypes(resolver) for a per-input type");
      }
      this.taskType = taskType;
      this.taskTypes = null;
      return this;
    }

    /**
     * Makes it an extraction task whose {@code task_type} is asked of each input. Only {@link #wrap(TaskHandler)}
     * passes an input; the resolver's input type must match the handler's.
     */
    public Builder taskTypes(TaskTypeResolver<?> resolver) {
      this.taskTypes = Objects.requireNonNull(resolver, "resolver");
      this.taskType = null;
      return this;
    }

    /** Extra attempts after the first (default 0). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** The exception types that are retried, subclasses included (default: every {@link Exception}). */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      Objects.requireNonNull(types, "types");
      Class<?>[] copy = new Class<?>[types.length];
      for (int i = 0; i < types.length; i++) {
        copy[i] = types[i];
      }
      this.retryOn = copy;
      return this;
    }

    /** The pause before the first retry (default none). */
    public Builder backoff(Duration backoff) {
      this.backoffMillis = Objects.requireNonNull(backoff, "backoff").toMillis();
      return this;
    }

    /** How much longer each further pause is (default 1: fixed pauses; 2 doubles them). */
    public Builder backoffMultiplier(double multiplier) {
      this.backoffMultiplier = multiplier;
      return this;
    }

    /** Where to record (default {@link PyBaseMetrics#get()}). */
    public Builder metrics(PyBaseMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The {@code worker_name} of the active gauge (default {@code WORKER_NAME}: {@link WorkerNames#fromEnvironment()}).
     */
    public Builder workerName(String workerName) {
      this.workerName = WorkerNames.require(workerName);
      return this;
    }

    /** Who hears about exceptions a wrapped {@link Runnable} catches (default {@link TaskFailureListener#LOG}). */
    public Builder failureListener(TaskFailureListener listener) {
      this.failureListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The instrumented handler: it rethrows the task's final exception unchanged. */
    public <I, O> TaskHandler<I, O> wrap(TaskHandler<I, O> handler) {
      Objects.requireNonNull(handler, "handler");
      return new InstrumentedHandler<>(handler, resolve());
    }

    /** The instrumented runnable: it catches the task's exception and reports it to the failure listener. */
    public Runnable runnable(Runnable task) {
      Objects.requireNonNull(task, "task");
      return new InstrumentedRunnable(task, resolve(), true, TaskExecution.NOT_QUEUED);
    }

    /** The instrumented callable: it rethrows the task's final exception unchanged. */
    public <V> Callable<V> callable(Callable<V> task) {
      Objects.requireNonNull(task, "task");
      return new InstrumentedCallable<>(task, resolve(), TaskExecution.NOT_QUEUED);
    }

    private Resolved resolve() {
      PyBaseMetrics m = metrics != null ? metrics : PyBaseMetrics.get();
      String worker = workerName != null ? workerName : WorkerNames.fromEnvironment();
      RetryPolicy policy = new RetryPolicy(maxRetries, retryOn, backoffMillis, backoffMultiplier);
      TaskMetrics extractions = m.extractions();
      TaskRecorder fixedType = taskType == null ? null : extractions.task(taskType);
      return new Resolved(taskName, m.tasks().task(taskName), fixedType, taskTypes, extractions,
          new TaskExecution(policy, m, worker), failureListener);
    }
  }

  /** Everything a wrapper needs, resolved once at wrap time. */
  static final class Resolved {
    final String taskName;
    private final TaskRecorder task;
    private final @Nullable TaskRecorder fixedType;
    private final @Nullable TaskTypeResolver<Object> taskTypes;
    private final TaskMetrics extractions;
    private final TaskExecution execution;
    private final TaskFailureListener failureListener;

    @SuppressWarnings("unchecked")
    Resolved(String taskName, TaskRecorder task, @Nullable TaskRecorder fixedType,
        @Nullable TaskTypeResolver<?> taskTypes,
        TaskMetrics extractions, TaskExecution execution, TaskFailureListener failureListener) {
      this.taskName = taskName;
      this.task = task;
      this.fixedType = fixedType;
      this.taskTypes = (TaskTypeResolver<Object>) taskTypes;
      this.extractions = extractions;
      this.execution = execution;
      this.failureListener = failureListener;
    }

    /** Runs one execution of {@code handler} on {@code input} as this task; see {@link TaskExecution#run}. */
    <I, O> O run(TaskHandler<? super I, ? extends O> handler, I input, long submittedNanos) throws Exception {
      return execution.run(handler, input, task, extraction(input), submittedNanos);
    }

    /** The extraction recorder for {@code input}, or {@code null} when this is not an extraction task. */
    private @Nullable TaskRecorder extraction(Object input) {
      if (taskTypes == null) {
        return fixedType;
      }
      @Nullable String type;
      try {
        type = taskTypes.taskType(input);
      } catch (Throwable e) {
        FatalErrors.rethrowIfFatal(e);
        type = null; // the task runs
      }
      return extractions.task(type);   // null: task_type="unknown"
    }

    /** Tells the listener, which must not disturb the worker thread either. */
    void report(Throwable error) {
      try {
        failureListener.taskFailed(taskName,
            error instanceof TaskRetryException ? TaskStatus.RETRY : TaskStatus.FAILURE, error);
      } catch (Throwable listenerFault) {
        FatalErrors.rethrowIfFatal(listenerFault);
        // a listener fault never kills the worker thread
      }
    }
  }
}
