package io.pybase.metrics.worker;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.TaskStatus;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs one task execution: the attempts its {@link RetryPolicy} allows, each timed and counted once, then one final
 * outcome; the worker's active gauge is up for the whole execution (backoff pauses included, since the worker's
 * slot is busy). Before the first attempt it records the queue wait: from the input's
 * {@link QueuedMessage#enqueuedAtMillis()}, else from the submission time a wrapper passes. Shared by every front door
 * (handlers, runnables, callables, the executor decorator).
 *
 * <p>The task's own result and exception always reach the caller unchanged. Recording is kept apart from the task:
 * a recording fault ({@code Error}s such as {@code NoClassDefFoundError} included, short of a fatal VM error) is
 * counted in {@code pybase_metrics_recording_errors_total} and never fails, repeats or alters the task.
 *
 * <p>A {@link TaskIgnoredException} (an execution whose outcome another execution records) records no outcome and
 * no duration.
 */
final class TaskExecution {

  /** The {@code submittedNanos} of an execution that was not queued by a wrapper. */
  static final long NOT_QUEUED = Long.MIN_VALUE;

  /** The worker's {@code celery_active_workers} gauge as an execution moves it. */
  interface ActiveTasks {
    void started();

    void ended();
  }

  private final RetryPolicy retry;
  private final ActiveTasks active;
  private final Consumer<Throwable> faults;

  TaskExecution(RetryPolicy retry, PyBaseMetrics metrics, String workerName) {
    this(retry, new ActiveTasks() {
      @Override
      public void started() {
        metrics.workers().taskStarted(workerName);
      }

      @Override
      public void ended() {
        metrics.workers().taskEnded(workerName);
      }
    }, metrics::recordingFailed);
    try {
      metrics.workers().initWorker(workerName);
    } catch (Throwable e) {
      fault(e);
    }
  }

  /** Records into {@code active} and reports faults to {@code faults}: a seam for tests that need failing metrics. */
  TaskExecution(RetryPolicy retry, ActiveTasks active, Consumer<Throwable> faults) {
    this.retry = retry;
    this.active = active;
    this.faults = faults;
  }

  /**
   * Runs {@code handler} on {@code input}, recording into {@code task} and, when not {@code null},
   * {@code extraction}; {@code submittedNanos} is the {@link System#nanoTime()} at which a wrapper queued it, or
   * {@link #NOT_QUEUED}.
   */
  <I, O> O run(TaskHandler<? super I, ? extends O> handler, I input, TaskRecorder task,
      @Nullable TaskRecorder extraction, long submittedNanos) throws Exception {
    queueWait(input, task, submittedNanos);
    started();
    try {
      int retries = 0;
      while (true) {
        long start = System.nanoTime();
        O result;
        try {
          result = handler.handle(input);
        } catch (Exception | Error e) {
          if (e instanceof TaskIgnoredException) {
            throw e;   // another execution records this task's outcome
          }
          long elapsed = System.nanoTime() - start;
          if (e instanceof TaskRetryException) {
            outcome(task, extraction, TaskStatus.RETRY, elapsed);
            throw e;
          }
          if (!retry.retries(e, retries) || !pause(retry.delayMillis(retries + 1))) {
            outcome(task, extraction, TaskStatus.FAILURE, elapsed);
            throw e;
          }
          outcome(task, extraction, TaskStatus.RETRY, elapsed);
          retries++;
          continue;
        }
        outcome(task, extraction, TaskStatus.SUCCESS, System.nanoTime() - start);
        return result;
      }
    } finally {
      ended();
    }
  }

  /** Records one attempt's outcome. Never throws, short of a fatal VM error. */
  private void outcome(TaskRecorder task, @Nullable TaskRecorder extraction, TaskStatus status, long elapsed) {
    record(task, status, elapsed);
    if (extraction != null) {
      record(extraction, status, elapsed);
    }
  }

  private void record(TaskRecorder recorder, TaskStatus status, long elapsed) {
    try {
      recorder.finished(status, elapsed);
    } catch (Throwable e) {
      fault(e);
    }
  }

  private void queueWait(Object input, TaskRecorder task, long submittedNanos) {
    try {
      if (input instanceof QueuedMessage message) {
        long enqueued = message.enqueuedAtMillis();
        if (enqueued > 0) {
          task.queueWait((System.currentTimeMillis() - enqueued) * 1_000_000L);
        }
      } else if (submittedNanos != NOT_QUEUED) {
        task.queueWait(System.nanoTime() - submittedNanos);
      }
    } catch (Throwable e) {
      // a metrics fault (or a message that cannot tell its time) never stops a task
      fault(e);
    }
  }

  /** Waits before a retry; {@code false} when interrupted (the interrupt is kept and no retry happens). */
  private static boolean pause(long millis) {
    if (millis <= 0) {
      return !Thread.currentThread().isInterrupted();
    }
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void started() {
    try {
      active.started();
    } catch (Throwable e) {
      fault(e);
    }
  }

  private void ended() {
    try {
      active.ended();
    } catch (Throwable e) {
      fault(e);
    }
  }

  /** Counts a recording fault ({@link PyBaseMetrics#recordingFailed}: rethrows only a fatal VM error). */
  private void fault(Throwable e) {
    faults.accept(e);
  }
}
