package io.pybase.sample.events;

import io.pybase.sample.task.TaskState;
import java.util.function.Consumer;

/**
 * Task state changes, published by whoever changes a task (the API on submit, the worker on every attempt) and
 * delivered to every subscriber (the API's WebSocket hub). {@link InMemoryTaskEvents} within one JVM,
 * {@link RedisTaskEvents} across processes.
 *
 * <pre>{@code
 * TaskEvents events = new InMemoryTaskEvents();
 * AutoCloseable sub = events.subscribe(state -> System.out.println(state.status()));
 * events.publish(TaskState.queued(id, "pdf", "a.pdf"));
 * }</pre>
 */
public interface TaskEvents extends AutoCloseable {

  /** Delivers {@code state} to every subscriber; never throws. */
  void publish(TaskState state);

  /** Calls {@code listener} for every state published from now on, until the returned handle is closed. */
  AutoCloseable subscribe(Consumer<TaskState> listener);

  @Override
  void close();
}
