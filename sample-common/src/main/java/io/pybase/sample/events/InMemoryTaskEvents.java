package io.pybase.sample.events;

import io.pybase.sample.task.TaskState;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Task events within one JVM: listeners are called on the publishing thread.
 *
 * <pre>{@code
 * TaskEvents events = new InMemoryTaskEvents();
 * }</pre>
 */
public final class InMemoryTaskEvents implements TaskEvents {

  private final CopyOnWriteArrayList<Consumer<TaskState>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(TaskState state) {
    for (Consumer<TaskState> l : listeners) {
      try {
        l.accept(state);
      } catch (RuntimeException e) {
        // one broken listener must not stop the task or the other listeners
      }
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<TaskState> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void close() {
    listeners.clear();
  }
}
