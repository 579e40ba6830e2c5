package io.pybase.metrics.worker;

/**
 * Thrown by a task to say "the outcome of this execution is not mine to record", as Celery's {@code Ignore}: the
 * worker lost the task to another one (its lease expired during a pause and the queue handed the task on), or the
 * task was already finished elsewhere. The adapter records no outcome and no duration (the active-worker gauge still
 * goes down when the execution ends) and rethrows it unchanged; a wrapped {@link Runnable} drops it without telling
 * its {@link TaskFailureListener}.
 *
 * <pre>{@code
 * TaskHandler<Message, Result> handler = message -> {
 *   Result r = extract(message);
 *   if (!store.commit(message.id(), message.attempt(), r)) {   // fenced: a newer attempt owns the task
 *     throw new TaskIgnoredException("task " + message.id() + " is owned by a newer attempt");
 *   }
 *   return r;                                                   // counted once, by its owner
 * };
 * }</pre>
 *
 * <p>Use it only when another execution records the task's outcome (or already did): an ignored execution is
 * invisible in {@code celery_task_total}.
 */
public class TaskIgnoredException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** @param message why this execution's outcome is not recorded */
  public TaskIgnoredException(String message) {
    super(message);
  }
}
