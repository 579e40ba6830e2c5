package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Task outcomes and durations. {@link PyBaseMetrics#tasks()} records {@code celery_task_total{task_name,status}},
 * {@code celery_task_duration_seconds{task_name}}, {@code celery_task_retries_total{task_name}} and
 * {@code celery_task_queue_wait_seconds{task_name}}; {@link PyBaseMetrics#extractions()} records
 * {@code extraction_task_total{task_type,status}} and {@code extraction_task_duration_seconds{task_type}}.
 *
 * <pre>{@code
 * TaskRecorder ocr = PyBaseMetrics.get().tasks().task("ocr_page");   // resolve once, at registration
 * ocr.retried(elapsedNanos);
 * ocr.succeeded(elapsedNanos);
 * }</pre>
 *
 * <p>{@link #task(String)} starts every status of the name at zero, so {@code rate()} sees the first event. Names
 * ({@code null}: {@code unknown}) pass the catalogue's cap: past it they fold into {@code __overflow__}. Never
 * throws.
 */
public final class TaskMetrics {

  private final boolean enabled;
  private final Counter outcomes;
  private final Histogram durations;
  private final @Nullable Counter retries;
  private final @Nullable Histogram queueWaits;
  private final LabelValues<TaskRecorder> recorders;
  private final RecordingErrors errors;

  /** {@code retries} and {@code queueWaits} are {@code null} for extraction tasks. */
  TaskMetrics(boolean enabled, Counter outcomes, Histogram durations, @Nullable Counter retries,
      @Nullable Histogram queueWaits, int cap,
      CounterDataPoint overflowCount, RecordingErrors errors) {
    this.enabled = enabled;
    this.outcomes = outcomes;
    this.durations = durations;
    this.retries = retries;
    this.queueWaits = queueWaits;
    this.recorders = new LabelValues<>(cap, overflowCount, this::newRecorder);
    this.errors = errors;
  }

  /**
   * The recorder of one task name (or task type; {@code null} means {@code unknown}), created with its series at zero
   * on first call. Never throws: on an internal fault it returns a recorder that records nothing.
   */
  public TaskRecorder task(@Nullable String name) {
    if (!enabled) {
      return TaskRecorder.NOOP;
    }
    try {
      return recorders.get(name);
    } catch (Throwable t) {
      errors.record(t);
      return TaskRecorder.NOOP;
    }
  }

  /** Shorthand for {@code task(name).succeeded(durationNanos)}. */
  public void succeeded(@Nullable String name, long durationNanos) {
    task(name).succeeded(durationNanos);
  }

  /** Shorthand for {@code task(name).failed(durationNanos)}. */
  public void failed(@Nullable String name, long durationNanos) {
    task(name).failed(durationNanos);
  }

  /** Shorthand for {@code task(name).retried(durationNanos)}. */
  public void retried(@Nullable String name, long durationNanos) {
    task(name).retried(durationNanos);
  }

  private TaskRecorder newRecorder(String name) {
    return new TaskRecorder(
        outcomes.labelValues(name, TaskStatus.SUCCESS.label()),
        outcomes.labelValues(name, TaskStatus.FAILURE.label()),
        outcomes.labelValues(name, TaskStatus.RETRY.label()),
        retries == null ? null : retries.labelValues(name),
        durations.labelValues(name),
        queueWaits == null ? null : queueWaits.labelValues(name),
        errors);
  }
}
