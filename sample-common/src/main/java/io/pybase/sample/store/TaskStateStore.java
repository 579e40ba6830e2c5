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

  /** Replaces a task's state (inserting it when it is unknown). */
  @QueryType("update")
  void update(TaskState state);

  /** The state of {@code taskId}, if known. */
  @QueryType("select")
  Optional<TaskState> find(String taskId);
}
