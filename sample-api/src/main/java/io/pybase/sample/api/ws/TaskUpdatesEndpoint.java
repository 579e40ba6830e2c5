package io.pybase.sample.api.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The WebSocket at {@code /api/v1/ws}: pushes task state changes as JSON ({@code {"task_id","status",...}}).
 * Connect with {@code ?task_id=} to watch one task, or send {@code {"subscribe":"<taskId>"}} (or {@code "*"} for
 * all); {@code ping} gets {@code pong}. Registered with the servlet module's {@code TrackingConfigurator}, so
 * {@code websocket_connections_current} counts its connections.
 *
 * <pre>{@code
 * websocat 'ws://127.0.0.1:8000/api/v1/ws?task_id=0b8e...'
 * }</pre>
 */
public final class TaskUpdatesEndpoint extends Endpoint {

  /** The user property holding the {@link TaskUpdateHub}. */
  public static final String HUB = TaskUpdateHub.class.getName();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    TaskUpdateHub hub = (TaskUpdateHub) config.getUserProperties().get(HUB);
    List<String> ids = session.getRequestParameterMap().get("task_id");
    hub.add(session, ids == null || ids.isEmpty() ? null : ids.get(0));
    session.getUserProperties().put(HUB, hub);
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(session, hub, text));
  }

  private static void onText(Session session, TaskUpdateHub hub, String text) {
    if (text.strip().equals("ping")) {
      Future<Void> unused = session.getAsyncRemote().sendText("pong");
      return;
    }
    try {
      JsonNode n = JSON.readTree(text);
      if (n != null && n.path("subscribe").isTextual()) {
        hub.watch(session, n.get("subscribe").asText());
        Future<Void> unused = session.getAsyncRemote()
            .sendText("{\"subscribed\":" + JSON.writeValueAsString(n.get("subscribe").asText()) + "}");
        return;
      }
    } catch (Exception e) {
      // fall through to the error
    }
    Future<Void> unused =
        session.getAsyncRemote().sendText("{\"error\":\"send {\\\"subscribe\\\":\\\"<task id>\\\"} or ping\"}");
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    Object hub = session.getUserProperties().get(HUB);
    if (hub instanceof TaskUpdateHub h) {
      h.remove(session);
    }
  }

  @Override
  public void onError(Session session, Throwable thr) {
    // onClose follows and removes the session
  }
}
