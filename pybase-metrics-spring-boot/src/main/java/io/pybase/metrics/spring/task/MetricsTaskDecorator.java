package io.pybase.metrics.spring.task;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.TaskStatus;
import io.pybase.metrics.worker.NamedTask;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.TaskDecorator;

/**
 * A Spring {@link TaskDecorator} that records every task an executor runs: {@code celery_task_total{task_name,status}},
 * {@code celery_task_duration_seconds{task_name}} (seconds the task ran, queue time excluded) and
 * {@code celery_active_workers{worker_name}} while it runs. One line on a {@code ThreadPoolTaskExecutor}:
 *
 * <pre>{@code
 * executor.setTaskDecorator(new MetricsTaskDecorator(metrics, "report_export"));
 * }</pre>
 *
 * <p>With the Spring Boot starter and {@code @EnableAsync}, a decorator bean is added for Boot's
 * {@code applicationTaskExecutor} (unless the application has a {@code TaskDecorator} bean of its own: compose the two
 * with Spring's {@code CompositeTaskDecorator} then).
 *
 * <p>Task names: an {@code @Async} method is recorded under {@code Class.method} by {@link AsyncTaskMetricsPostProcessor}
 * (once, not again here); a task implementing {@link NamedTask} under its own name; any other task under this
 * decorator's task name. Names come from code, never from {@code toString()}; past {@code PROMETHEUS_MAX_LABEL_VALUES}
 * they fold into {@code __overflow__}. Status: {@code success}, or {@code failure} when the task throws or, for a
 * {@code submit}ted task, completes its future with an exception; a task cancelled before it ran is not counted. The
 * task's exception reaches the executor unchanged; recording never throws into it.
 */
public final class MetricsTaskDecorator implements TaskDecorator {

  private final TaskRecording recording;
  private final @Nullable TaskRecorder defaultTask;

  /**
   * Records into {@code metrics} under the worker name {@code WORKER_NAME} of its config.
   *
   * @param taskName the {@code task_name} of tasks that are neither {@code @Async} methods nor {@link NamedTask}s
   * @throws IllegalArgumentException if {@code taskName} is null or blank
   */
  public MetricsTaskDecorator(PyBaseMetrics metrics, String taskName) {
    this(metrics, taskName, null);
  }

  /**
   * Records into {@code metrics} under {@code workerName}.
   *
   * @param workerName the {@code worker_name} of the active gauge; {@code null}: {@code WORKER_NAME}
   *
   * @throws IllegalArgumentException if {@code taskName} is null or blank
   */
  public MetricsTaskDecorator(PyBaseMetrics metrics, String taskName, @Nullable String workerName) {
    Objects.requireNonNull(metrics, "metrics");
    if (taskName == null || taskName.isBlank()) {
      throw new IllegalArgumentException("taskName must not be null or blank");
    }
    this.recording = new TaskRecording(() -> metrics, workerName);
    this.defaultTask = recording.task(taskName);
  }

  @Override
  public Runnable decorate(Runnable runnable) {
    return new RecordedTask(runnable);
  }

  private @Nullable TaskRecorder recorderOf(Runnable task) {
    if (task instanceof NamedTask named) {
      @Nullable String name;
      try {
        name = named.taskName();
      } catch (RuntimeException e) {
        name = null;
      }
      return recording.task(name);
    }
    return defaultTask;
  }

  /** The decorated task: the executor runs this. */
  private final class RecordedTask implements Runnable {
    private final Runnable task;

    RecordedTask(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      boolean outerClaimed = TaskRecording.enterDecorated();
      boolean active = recording.started();
      long start = System.nanoTime();
      TaskStatus status = TaskStatus.FAILURE;
      try {
        task.run();
        status = TaskRecording.outcome(task);
      } finally {
        long elapsed = System.nanoTime() - start;
        boolean claimed = TaskRecording.exitDecorated(outerClaimed);
        if (active) {
          recording.ended();
        }
        if (!claimed && status != null) {
          recording.finished(recorderOf(task), status, elapsed);
        }
      }
    }

    @Override
    public String toString() {
      return "MetricsTaskDecorator$RecordedTask{" + task + "}";
    }
  }
}
