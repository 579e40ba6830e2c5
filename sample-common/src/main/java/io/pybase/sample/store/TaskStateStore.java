package io.pybase.sample.store;

import io.pybase.metrics.instrument.QueryType;
import io.pybase.sample.task.TaskState;
import java.util.Optional;

/**
 * Stores the state of submitted tasks. Wrap it with {@code InstrumentedProxy.wrap} to time every query.
 *
 * <pre>{@code
 * TaskStateStore store = InstrumentedProxy.wrap(TaskStateStore.class, new JdbcTaskStateStore(ds), metrics);
 * store.insert(TaskState.queued(id, "pdf", "a.pdf"));
 * }</pre>
 */
public interface TaskStateStore {

  /** Stores a new task. */
  @QueryType("insert")
  void insert(TaskState state);

  /**
   * Starts attempt {@code attempt} of a task: marks it {@code running} with that attempt, but only while the task is
   * not finished and no attempt as late has started. The attempt number is the fencing token: every move of a task
   * back to its queue (a retry, a recovery, a released reservation) increments it, so a worker that lost a task to
   * another one can never start, nor finish, an attempt the newer owner has superseded. Creates the state when the
   * task has none (a message queued without a state).
   *
   * @return whether this attempt may run ({@code false}: the task is finished or a later attempt owns it)
   */
  @QueryType("update")
  boolean startAttempt(String taskId, int attempt, String fileType, String filename);

  /**
   * Stores the outcome of attempt {@code state.attempts()} ({@code succeeded}, {@code retrying} or {@code failed}),
   * atomically, only if that attempt is still the running one.
   *
   * @return whether it was stored ({@code false}: a later attempt took the task over; the outcome must be dropped)
   */
  @QueryType("update")
  boolean finishAttempt(TaskState state);

  /**
   * Removes the state of a task that was never queued (its submission failed).
   *
   * @return whether a state was removed
   */
  @QueryType("delete")
  boolean delete(String taskId);

  /** The state of {@code taskId}, if known. */
  @QueryType("select")
  Optional<TaskState> find(String taskId);
}
