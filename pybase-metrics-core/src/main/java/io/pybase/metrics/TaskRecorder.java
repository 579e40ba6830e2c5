package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import org.jspecify.annotations.Nullable;

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
 *
 * <p>Durations are in nanoseconds and exported in seconds. Never throws.
 */
public final class TaskRecorder {

  static final TaskRecorder NOOP = new TaskRecorder();

  private final boolean enabled;
  private final CounterDataPoint success;
  private final CounterDataPoint failure;
  private final CounterDataPoint retry;
  private final @Nullable CounterDataPoint retries;
  private final DistributionDataPoint duration;
  private final @Nullable DistributionDataPoint queueWait;
  private final RecordingErrors errors;

  /** A recorder that records nothing: every method returns before it reads a field (they are never read). */
  @SuppressWarnings("NullAway")
  private TaskRecorder() {
    this.enabled = false;
    this.success = null;
    this.failure = null;
    this.retry = null;
    this.retries = null;
    this.duration = null;
    this.queueWait = null;
    this.errors = null;
  }

  TaskRecorder(CounterDataPoint success, CounterDataPoint failure, CounterDataPoint retry,
      @Nullable CounterDataPoint retries, DistributionDataPoint duration, @Nullable DistributionDataPoint queueWait,
      RecordingErrors errors) {
    this.enabled = true;
    this.success = success;
    this.failure = failure;
    this.retry = retry;
    this.retries = retries;
    this.duration = duration;
    this.queueWait = queueWait;
    this.errors = errors;
  }

  /** One execution finished without throwing, after {@code durationNanos}. */
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

  /**
   * An attempt started {@code waitNanos} after its message was enqueued:
   * {@code celery_task_queue_wait_seconds{task_name}}. A negative wait (clocks of producer and worker apart) counts
   * as zero. Extraction recorders ({@code extraction_task_*}) have no queue-wait series and ignore it.
   */
  public void queueWait(long waitNanos) {
    if (!enabled || queueWait == null) {
      return;
    }
    try {
      queueWait.observe(Math.max(0L, waitNanos) / 1e9);
    } catch (Throwable t) {
      errors.record(t);
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
    } catch (Throwable t) {
      errors.record(t);
    }
  }
}
