package io.pybase.metrics.worker;

import io.pybase.metrics.task.TaskRecorder;
import io.pybase.metrics.task.WorkerMetrics;

/**
 * Runs one task execution: the attempts its {@link RetryPolicy} allows, each timed and counted once, then one final
 * outcome; the worker's active gauge is up for the whole execution (backoff pauses included, since the worker's
 * slot is busy). The task's own exception always reaches the caller unchanged. Shared by every front door
 * (handlers, runnables, callables, the executor decorator).
 */
final class TaskExecution {

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
   * {@code extraction}.
   */
  <I, O> O run(TaskHandler<? super I, ? extends O> handler, I input, TaskRecorder task, TaskRecorder extraction)
      throws Exception {
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

  private static void retried(TaskRecorder task, TaskRecorder extraction, long elapsed) {
    task.retried(elapsed);
    if (extraction != null) {
      extraction.retried(elapsed);
    }
  }

  private static void failed(TaskRecorder task, TaskRecorder extraction, long elapsed) {
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
