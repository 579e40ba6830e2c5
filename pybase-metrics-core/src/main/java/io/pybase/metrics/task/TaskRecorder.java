package io.pybase.metrics.task;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;

/**
 * The resolved series of one task name (or extraction task type): recording an outcome is two adds and allocates
 * nothing. Get one from {@link TaskMetrics#task(String)} and keep it.
 *
 * <pre>{@code
 * TaskRecorder pdf = metrics.extractions().task("pdf");
 * long start = System.nanoTime();
 * try {
 *   extract(file);
 *   pdf.succeeded(System.nanoTime() - start);
 * } catch (RuntimeException e) {
 *   pdf.failed(System.nanoTime() - start);
 *   throw e;
 * }
 * }</pre>
 */
public final class TaskRecorder {

  static final TaskRecorder NOOP = new TaskRecorder(false, null, null, null, null, null, null);

  private final boolean enabled;
  private final CounterDataPoint success;
  private final CounterDataPoint failure;
  private final CounterDataPoint retry;
  private final CounterDataPoint retries;
  private final DistributionDataPoint duration;
  private final CounterDataPoint recordingErrors;

  TaskRecorder(boolean enabled, CounterDataPoint success, CounterDataPoint failure, CounterDataPoint retry,
      CounterDataPoint retries, DistributionDataPoint duration, CounterDataPoint recordingErrors) {
    this.enabled = enabled;
    this.success = success;
    this.failure = failure;
    this.retry = retry;
    this.retries = retries;
    this.duration = duration;
    this.recordingErrors = recordingErrors;
  }

  /** One execution finished without throwing. */
  public void succeeded(long durationNanos) {
    record(success, durationNanos, false);
  }

  /** One execution threw and the task will not run again. */
  public void failed(long durationNanos) {
    record(failure, durationNanos, false);
  }

  /** One execution threw and the task will run again: counts {@code status="retry"} and one retry. */
  public void retried(long durationNanos) {
    record(retry, durationNanos, true);
  }

  /** Records {@code status} for one execution. */
  public void finished(TaskStatus status, long durationNanos) {
    switch (status) {
      case SUCCESS -> succeeded(durationNanos);
      case RETRY -> retried(durationNanos);
      case FAILURE -> failed(durationNanos);
    }
  }

  private void record(CounterDataPoint outcome, long durationNanos, boolean isRetry) {
    if (!enabled) {
      return;
    }
    try {
      outcome.inc();
      duration.observe(durationNanos / 1e9);
      if (isRetry && retries != null) {
        retries.inc();
      }
    } catch (RuntimeException e) {
      recordingErrors.inc();
    }
  }
}
