package io.pybase.metrics.spring.websocket;

import io.pybase.metrics.PyBaseMetrics;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * A Spring {@link WebSocketHandler} decorator that counts its sessions in {@code websocket_connections_current}. The
 * starter applies it for you to {@code WebSocketHandler} beans and to STOMP; wrap a handler created with {@code new}
 * yourself:
 *
 * <pre>{@code
 * registry.addHandler(new TrackingWebSocketHandler(new ChatHandler(), metrics), "/ws/chat");
 * }</pre>
 *
 * <p>Each session counts once, +1 when established and -1 when closed, even when several decorators see it.
 */
public class TrackingWebSocketHandler extends WebSocketHandlerDecorator {

  private final WebSocketSessionTracker tracker;

  /** Counts the sessions of {@code delegate} into {@code metrics}. */
  public TrackingWebSocketHandler(WebSocketHandler delegate, PyBaseMetrics metrics) {
    super(delegate);
    this.tracker = WebSocketSessionTracker.of(metrics);
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    tracker.opened(session);
    super.afterConnectionEstablished(session);
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
    try {
      super.afterConnectionClosed(session, closeStatus);
    } finally {
      tracker.closed(session);
    }
  }
}
