package io.pybase.metrics.worker;

import io.pybase.metrics.TaskStatus;

/**
 * Hears about tasks whose exception the adapter caught so that the thread running them survives: a
 * {@code Runnable} from {@link InstrumentedTasks#runnable(String, Runnable)} and tasks given to
 * {@link InstrumentedExecutorService#execute(Runnable)}. The default, {@link #LOG}, writes one warning to the
 * {@code io.pybase.metrics.worker} {@link System.Logger}.
 *
 * <pre>{@code
 * TaskFailureListener toSentry = (taskName, status, error) -> Sentry.captureException(error);
 * Runnable job = InstrumentedTasks.builder("nightly_report").failureListener(toSentry).runnable(report::build);
 * }</pre>
 *
 * <p>The metrics are already recorded when the listener runs. A listener that throws is ignored.
 */
@FunctionalInterface
public interface TaskFailureListener {

  /** Logs {@code Task 'name' failed} (or {@code will be retried}) with the stack trace at WARNING. */
  TaskFailureListener LOG = (taskName, status, error) -> System.getLogger("io.pybase.metrics.worker")
      .log(System.Logger.Level.WARNING,
          "Task '" + taskName + "' " + (status == TaskStatus.RETRY ? "will be retried" : "failed"), error);

  /**
   * A task ended by throwing.
   *
   * @param taskName its {@code task_name}
   * @param status {@link TaskStatus#FAILURE} (the final outcome) or {@link TaskStatus#RETRY} (it threw
   *     {@link TaskRetryException})
   * @param error what it threw
   */
  void taskFailed(String taskName, TaskStatus status, Throwable error);
}
