package io.pybase.metrics.spring.websocket;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.WebSocketMetrics;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.WebSocketSession;

/**
 * Keeps {@code websocket_connections_current} right for Spring {@link WebSocketSession}s: +1 when a session opens, -1
 * once when it closes, however many decorators or proxies report the same session. One tracker per catalogue.
 */
final class WebSocketSessionTracker {

  private static final Map<PyBaseMetrics, WebSocketSessionTracker> BY_METRICS = new WeakHashMap<>();

  private final WebSocketMetrics gauge;
  private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();

  private WebSocketSessionTracker(WebSocketMetrics gauge) {
    this.gauge = gauge;
  }

  static WebSocketSessionTracker of(PyBaseMetrics metrics) {
    synchronized (BY_METRICS) {
      return BY_METRICS.computeIfAbsent(metrics, m -> new WebSocketSessionTracker(m.websocket()));
    }
  }

  /** Counts {@code session} open unless it is already. Never throws. */
  void opened(WebSocketSession session) {
    try {
      if (session != null && open.add(session)) {
        gauge.opened();
      }
    } catch (RuntimeException | LinkageError e) {
      // a metrics fault never reaches the connection
    }
  }

  /** Counts {@code session} closed if it was counted open. Never throws. */
  void closed(WebSocketSession session) {
    try {
      if (session != null && open.remove(session)) {
        gauge.closed();
      }
    } catch (RuntimeException | LinkageError e) {
      // a metrics fault never reaches the connection
    }
  }
}
