package io.pybase.sample.api.ws;

import io.pybase.sample.events.TaskEvents;
import io.pybase.sample.task.TaskState;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Pushes every task state change to the open WebSocket sessions: all changes, or only one task's when the client
 * connected with {@code ?task_id=} or sent {@code {"subscribe":"<taskId>"}}.
 *
 * <pre>{@code
 * TaskUpdateHub hub = new TaskUpdateHub(events);   // subscribes to the task events
 * hub.close();                                     // unsubscribes
 * }</pre>
 */
public final class TaskUpdateHub implements AutoCloseable {

  /** Watch every task. */
  static final String ALL = "*";

  private final Map<Session, String> sessions = new ConcurrentHashMap<>();
  private final AutoCloseable subscription;

  public TaskUpdateHub(TaskEvents events) {
    this.subscription = events.subscribe(this::push);
  }

  void add(Session session, String taskId) {
    sessions.put(session, taskId == null || taskId.isBlank() ? ALL : taskId);
  }

  void watch(Session session, String taskId) {
    sessions.replace(session, taskId);
  }

  void remove(Session session) {
    sessions.remove(session);
  }

  /** Sessions open now. */
  public int sessions() {
    return sessions.size();
  }

  private void push(TaskState state) {
    String json = state.toJson();
    sessions.forEach((session, watched) -> {
      if ((ALL.equals(watched) || watched.equals(state.taskId())) && session.isOpen()) {
        try {
          Future<Void> unused = session.getAsyncRemote().sendText(json); // fire and forget: a slow client never blocks
        } catch (RuntimeException e) {
          // the session is closing; its onClose removes it
        }
      }
    });
  }

  @Override
  public void close() {
    try {
      subscription.close();
    } catch (Exception e) {
      // nothing to do
    }
  }
}
