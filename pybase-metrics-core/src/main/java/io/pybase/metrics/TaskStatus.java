package io.pybase.metrics;

/**
 * The {@code status} values of {@code celery_task_total} and {@code extraction_task_total}.
 *
 * <pre>{@code
 * TaskStatus.RETRY.label();   // "retry"
 * }</pre>
 */
public enum TaskStatus {
  /** The task finished without throwing. */
  SUCCESS("success"),
  /** The task threw and will not be run again (retries exhausted or not retryable). */
  FAILURE("failure"),
  /** The attempt threw and the task is scheduled to run again. */
  RETRY("retry");

  private final String label;

  TaskStatus(String label) {
    this.label = label;
  }

  /** The label value. */
  public String label() {
    return label;
  }
}
