package io.pybase.metrics.task;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.pybase.metrics.label.LabelValueGuard;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task outcomes and durations. {@code PyBaseMetrics.tasks()} records {@code celery_task_total{task_name,status}},
 * {@code celery_task_duration_seconds{task_name}} and {@code celery_task_retries_total{task_name}};
 * {@code PyBaseMetrics.extractions()} records {@code extraction_task_total{task_type,status}} and
 * {@code extraction_task_duration_seconds{task_type}}.
 *
 * <pre>{@code
 * TaskRecorder ocr = PyBaseMetrics.get().tasks().task("ocr_page");   // resolve once, at registration
 * ocr.retried(elapsedNanos);
 * ocr.succeeded(elapsedNanos);
 * }</pre>
 *
 * <p>{@link #task(String)} starts every status of the name at zero, so {@code rate()} sees the first event. Names
 * pass a {@link LabelValueGuard}: past the cap they fold into {@code __overflow__}.
 */
public final class TaskMetrics {

  private final boolean enabled;
  private final Counter outcomes;
  private final Histogram durations;
  private final Counter retries;
  private final LabelValueGuard names;
  private final CounterDataPoint recordingErrors;
  private final ConcurrentHashMap<String, TaskRecorder> recorders = new ConcurrentHashMap<>();

  /** Used by {@code PyBaseMetrics}; {@code retries} is {@code null} for extraction tasks. */
  public TaskMetrics(boolean enabled, Counter outcomes, Histogram durations, Counter retries, LabelValueGuard names,
      CounterDataPoint recordingErrors) {
    this.enabled = enabled;
    this.outcomes = outcomes;
    this.durations = durations;
    this.retries = retries;
    this.names = names;
    this.recordingErrors = recordingErrors;
  }

  /**
   * The recorder of one task name (or task type), created with its series at zero on first call. Never throws: on
   * an internal fault it returns a recorder that records nothing.
   */
  public TaskRecorder task(String name) {
    if (!enabled) {
      return TaskRecorder.NOOP;
    }
    try {
      String key = name == null ? "unknown" : name;
      TaskRecorder recorder = recorders.get(key);
      if (recorder != null) {
        return recorder;
      }
      return recorders.computeIfAbsent(names.admit(key), this::newRecorder);
    } catch (RuntimeException e) {
      recordingErrors.inc();
      return TaskRecorder.NOOP;
    }
  }

  /** Shorthand for {@code task(name).succeeded(durationNanos)}. */
  public void succeeded(String name, long durationNanos) {
    task(name).succeeded(durationNanos);
  }

  /** Shorthand for {@code task(name).failed(durationNanos)}. */
  public void failed(String name, long durationNanos) {
    task(name).failed(durationNanos);
  }

  /** Shorthand for {@code task(name).retried(durationNanos)}. */
  public void retried(String name, long durationNanos) {
    task(name).retried(durationNanos);
  }

  private TaskRecorder newRecorder(String name) {
    return new TaskRecorder(true,
        outcomes.labelValues(name, TaskStatus.SUCCESS.label()),
        outcomes.labelValues(name, TaskStatus.FAILURE.label()),
        outcomes.labelValues(name, TaskStatus.RETRY.label()),
        retries == null ? null : retries.labelValues(name),
        durations.labelValues(name),
        recordingErrors);
  }
}
