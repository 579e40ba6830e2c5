package io.pybase.metrics.worker;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a task to say "this attempt failed and will be run again by someone else" (a queue that redelivers,
 * a scheduler with its own retry). The adapter records {@code status="retry"} and one retry, does not retry it
 * itself, and rethrows it unchanged so the caller can requeue.
 *
 * <pre>{@code
 * TaskHandler<Message, Void> handler = message -> {
 *   try {
 *     index(message);
 *     return null;
 *   } catch (IOException e) {
 *     if (message.deliveryCount() < 5) {
 *       throw new TaskRetryException(e);        // counted as retry; the queue redelivers
 *     }
 *     throw e;                                  // counted as failure: the final outcome
 *   }
 * };
 * }</pre>
 */
public class TaskRetryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param cause why this attempt failed */
  public TaskRetryException(@Nullable Throwable cause) {
    super(cause == null ? "task will be retried" : cause.toString(), cause);
  }

  /**
   * @param message what happened
   * @param cause why this attempt failed, or {@code null}
   */
  public TaskRetryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
