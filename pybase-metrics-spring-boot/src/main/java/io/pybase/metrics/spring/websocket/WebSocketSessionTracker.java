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

  private final PyBaseMetrics metrics;
  private final WebSocketMetrics gauge;
  private final Set<WebSocketSession> open = ConcurrentHashMap.newKeySet();

  private WebSocketSessionTracker(PyBaseMetrics metrics) {
    this.metrics = metrics;
    this.gauge = metrics.websocket();
  }

  static WebSocketSessionTracker of(PyBaseMetrics metrics) {
    synchronized (BY_METRICS) {
      return BY_METRICS.computeIfAbsent(metrics, WebSocketSessionTracker::new);
    }
  }

  /** Counts {@code session} open unless it is already. Never throws. */
  void opened(WebSocketSession session) {
    try {
      if (session != null && open.add(session)) {
        gauge.opened();
      }
    } catch (RuntimeException | LinkageError e) {
      failed(e);   // a metrics fault never reaches the connection
    }
  }

  /** Counts {@code session} closed if it was counted open. Never throws. */
  void closed(WebSocketSession session) {
    try {
      if (session != null && open.remove(session)) {
        gauge.closed();
      }
    } catch (RuntimeException | LinkageError e) {
      failed(e);   // a metrics fault never reaches the connection
    }
  }

  /** Counts a fault in {@code pybase_metrics_recording_errors_total}, as the servlet tracker does; never throws. */
  private void failed(Throwable e) {
    try {
      metrics.recordingFailed(e);
    } catch (RuntimeException | LinkageError ignored) {
      // counting failed too; the connection is unaffected either way
    }
  }
}
