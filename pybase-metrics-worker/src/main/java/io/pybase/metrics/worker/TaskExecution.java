package io.pybase.metrics.worker;

import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.WorkerMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Runs one task execution: the attempts its {@link RetryPolicy} allows, each timed and counted once, then one final
 * outcome; the worker's active gauge is up for the whole execution (backoff pauses included, since the worker's
 * slot is busy). Before the first attempt it records the queue wait: from the input's
 * {@link QueuedMessage#enqueuedAtMillis()}, else from the submission time a wrapper passes. The task's own exception
 * always reaches the caller unchanged; a {@link TaskIgnoredException} records no outcome at all. Shared by every front door (handlers, runnables, callables, the executor
 * decorator).
 */
final class TaskExecution {

  /** The {@code submittedNanos} of an execution that was not queued by a wrapper. */
  static final long NOT_QUEUED = Long.MIN_VALUE;

  private final RetryPolicy retry;
  private final WorkerMetrics workers;
  private final String workerName;

  TaskExecution(RetryPolicy retry, WorkerMetrics workers, String workerName) {
    this.retry = retry;
    this.workers = workers;
    this.workerName = workerName;
    workers.initWorker(workerName);
  }

  /**
   * Runs {@code handler} on {@code input}, recording into {@code task} and, when not {@code null},
   * {@code extraction}; {@code submittedNanos} is the {@link System#nanoTime()} at which a wrapper queued it, or
   * {@link #NOT_QUEUED}.
   */
  <I, O> O run(TaskHandler<? super I, ? extends O> handler, I input, TaskRecorder task,
      @Nullable TaskRecorder extraction,
      long submittedNanos) throws Exception {
    queueWait(input, task, submittedNanos);
    started();
    try {
      int retries = 0;
      while (true) {
        long start = System.nanoTime();
        try {
          O result = handler.handle(input);
          long elapsed = System.nanoTime() - start;
          task.succeeded(elapsed);
          if (extraction != null) {
            extraction.succeeded(elapsed);
          }
          return result;
        } catch (Exception | Error e) {
          if (e instanceof TaskIgnoredException) {
            throw e;   // another execution records this task's outcome
          }
          long elapsed = System.nanoTime() - start;
          if (e instanceof TaskRetryException) {
            retried(task, extraction, elapsed);
            throw e;
          }
          if (!retry.retries(e, retries) || !pause(retry.delayMillis(retries + 1))) {
            failed(task, extraction, elapsed);
            throw e;
          }
          retried(task, extraction, elapsed);
          retries++;
        }
      }
    } finally {
      ended();
    }
  }

  private static void queueWait(Object input, TaskRecorder task, long submittedNanos) {
    try {
      if (input instanceof QueuedMessage message) {
        long enqueued = message.enqueuedAtMillis();
        if (enqueued > 0) {
          task.queueWait((System.currentTimeMillis() - enqueued) * 1_000_000L);
        }
      } else if (submittedNanos != NOT_QUEUED) {
        task.queueWait(System.nanoTime() - submittedNanos);
      }
    } catch (RuntimeException | LinkageError e) {
      // a metrics fault (or a message that cannot tell its time) never stops a task
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

  private static void retried(TaskRecorder task, @Nullable TaskRecorder extraction, long elapsed) {
    task.retried(elapsed);
    if (extraction != null) {
      extraction.retried(elapsed);
    }
  }

  private static void failed(TaskRecorder task, @Nullable TaskRecorder extraction, long elapsed) {
    task.failed(elapsed);
    if (extraction != null) {
      extraction.failed(elapsed);
    }
  }

  private void started() {
    try {
      workers.taskStarted(workerName);
    } catch (RuntimeException e) {
      // a metrics fault never stops a task
    }
  }

  private void ended() {
    try {
      workers.taskEnded(workerName);
    } catch (RuntimeException e) {
      // a metrics fault never stops a task
    }
  }
}
