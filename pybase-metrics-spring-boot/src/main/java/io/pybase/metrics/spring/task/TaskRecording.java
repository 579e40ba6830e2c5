package io.pybase.metrics.spring.task;

import io.pybase.metrics.worker.WorkerNames;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.TaskStatus;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Everything the Spring task integration records, in one place: task outcomes ({@code celery_task_*}), the
 * active-task gauge of one worker name, and the hand-over between a {@link MetricsTaskDecorator} and the
 * {@code @Async} interceptor running inside the task it wraps. Never throws into a task.
 */
final class TaskRecording {

  private static final Logger LOG = Logger.getLogger(TaskRecording.class.getName());

  /** The decorated tasks running on this thread (nested when a task runs another in the caller's thread). */
  private static final ThreadLocal<Frame> FRAME = ThreadLocal.withInitial(Frame::new);

  private final Supplier<PyBaseMetrics> metricsSupplier;
  private final @Nullable String workerName;
  private final AtomicBoolean faultLogged = new AtomicBoolean();
  private volatile @Nullable Target target;

  /** The catalogue and the worker name of the active gauge, resolved together on first use. */
  private record Target(PyBaseMetrics metrics, String worker) {}

  /**
   * @param metrics resolved on first use (a bean post-processor is created before the catalogue's bean)
   * @param workerName the {@code worker_name} of the active gauge; {@code null}: {@code WORKER_NAME} of the config
   */
  TaskRecording(Supplier<PyBaseMetrics> metrics, @Nullable String workerName) {
    this.metricsSupplier = metrics;
    this.workerName = workerName;
  }

  /** The catalogue and worker name; {@code WORKER_NAME} is read here once, not per task. */
  private Target target() {
    Target t = target;
    if (t == null) {
      PyBaseMetrics m = metricsSupplier.get();
      String worker = workerName != null ? workerName : WorkerNames.fromEnvironment();
      m.workers().initWorker(worker);
      t = new Target(m, worker);
      target = t;
    }
    return t;
  }

  /** The recorder of {@code taskName}, or one that records nothing when the catalogue cannot be had. */
  @Nullable TaskRecorder task(@Nullable String taskName) {
    try {
      return target().metrics().tasks().task(taskName);
    } catch (RuntimeException | LinkageError e) {
      fault(e);
      return null;
    }
  }

  /** Raises the active gauge; {@code false} when it could not (then {@link #ended()} must not be called). */
  boolean started() {
    try {
      Target t = target();
      t.metrics().workers().taskStarted(t.worker());
      return true;
    } catch (RuntimeException | LinkageError e) {
      fault(e);
      return false;
    }
  }

  void ended() {
    try {
      Target t = target();
      t.metrics().workers().taskEnded(t.worker());
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  /** Records one execution of {@code task} (which may be {@code null}: nothing recorded). */
  void finished(@Nullable TaskRecorder task, TaskStatus status, long elapsedNanos) {
    if (task == null) {
      return;
    }
    try {
      task.finished(status, elapsedNanos);
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  /**
   * The outcome of a task that returned {@code result} without throwing: a {@link Future} that is already done
   * with an exception (an {@code @Async} method's {@code CompletableFuture.failedFuture}, a {@code FutureTask} whose
   * callable threw) is a failure; a cancelled one is {@code null} (it did not run); anything else is a success.
   */
  static @Nullable TaskStatus outcome(@Nullable Object result) {
    if (!(result instanceof Future<?> future)) {
      return TaskStatus.SUCCESS;
    }
    if (!future.isDone()) {
      return TaskStatus.SUCCESS;
    }
    if (future.isCancelled()) {
      return null;
    }
    try {
      future.get();
      return TaskStatus.SUCCESS;
    } catch (ExecutionException e) {
      return TaskStatus.FAILURE;
    } catch (CancellationException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TaskStatus.SUCCESS;
    }
  }

  /** Enters a decorated task on this thread; pair with {@link #exitDecorated(boolean)} in a finally block. */
  static boolean enterDecorated() {
    Frame frame = FRAME.get();
    boolean outerClaimed = frame.claimed;
    frame.claimed = false;
    frame.depth++;
    return outerClaimed;
  }

  /** Leaves the decorated task; whether an {@code @Async} interceptor inside it recorded the execution itself. */
  static boolean exitDecorated(boolean outerClaimed) {
    Frame frame = FRAME.get();
    boolean claimed = frame.claimed;
    frame.claimed = outerClaimed;
    frame.depth--;
    return claimed;
  }

  /**
   * Called by the {@code @Async} interceptor: claims the innermost decorated task running on this thread, so the
   * decorator does not count the same execution again. {@code false} when no decorated task is running here (the
   * interceptor then keeps the active gauge itself).
   */
  static boolean claimDecorated() {
    Frame frame = FRAME.get();
    if (frame.depth == 0 || frame.claimed) {
      return false;
    }
    frame.claimed = true;
    return true;
  }

  void fault(Throwable e) {
    try {
      Target t = target;
      if (t != null) {
        t.metrics().recordingFailed(e);
      }
    } catch (RuntimeException | LinkageError ignored) {
      // counting the fault must not fail the task either
    }
    if (faultLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "Task metrics recording failed; the task ran unchanged. Later failures are logged at FINE.",
          e);
    } else {
      LOG.log(Level.FINE, "Task metrics recording failed", e);
    }
  }

  /** Per-thread state: how many decorated tasks are running, and whether the innermost one was claimed. */
  private static final class Frame {
    int depth;
    boolean claimed;
  }
}
