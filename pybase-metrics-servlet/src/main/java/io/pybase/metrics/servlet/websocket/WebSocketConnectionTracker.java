package io.pybase.metrics.servlet.websocket;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.WebSocketMetrics;
import jakarta.websocket.Session;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps {@code websocket_connections_current} right for {@code jakarta.websocket} server endpoints: +1 when a
 * connection opens, -1 exactly once when it closes (normal close, error or abrupt disconnect), never negative.
 * Each connection is counted once however often {@link #opened} or {@link #closed} is called for it.
 *
 * <p>A programmatic {@code Endpoint} needs one line, its configurator:
 * <pre>{@code
 * container.addEndpoint(ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/chat")
 *     .configurator(new TrackingConfigurator())
 *     .build());
 * }</pre>
 *
 * <p>An annotated {@code @ServerEndpoint} calls it from its {@code @OnOpen} and {@code @OnClose} (Jetty and Tomcat
 * call {@code @OnClose} for every connection, abrupt disconnects included, with close code 1006):
 * <pre>{@code
 * @OnOpen  public void open(Session s)  { WebSocketConnectionTracker.get().opened(s); }
 * @OnClose public void close(Session s) { WebSocketConnectionTracker.get().closed(s); }
 * }</pre>
 */
public final class WebSocketConnectionTracker {

  private static final Map<PyBaseMetrics, WebSocketConnectionTracker> BY_METRICS = new WeakHashMap<>();

  private final PyBaseMetrics metrics;
  private final WebSocketMetrics gauge;
  private final Set<Session> open = ConcurrentHashMap.newKeySet();

  private WebSocketConnectionTracker(PyBaseMetrics metrics) {
    this.metrics = metrics;
    this.gauge = metrics.websocket();
  }

  /** The tracker of the default registry's catalogue. */
  public static WebSocketConnectionTracker get() {
    return of(PyBaseMetrics.get());
  }

  /** The tracker of {@code metrics}: the same instance on every call, so opens and closes pair up. */
  public static WebSocketConnectionTracker of(PyBaseMetrics metrics) {
    synchronized (BY_METRICS) {
      return BY_METRICS.computeIfAbsent(metrics, WebSocketConnectionTracker::new);
    }
  }

  /** Counts {@code session} as open, unless it is already counted. Never throws, short of a fatal VM error. */
  public void opened(Session session) {
    try {
      if (session != null && open.add(session)) {
        gauge.opened();
      }
    } catch (Throwable e) {
      fault(e);
    }
  }

  /**
   * Counts {@code session} as closed, if it was counted open and not closed yet. Never throws, short of a fatal VM
   * error.
   */
  public void closed(Session session) {
    try {
      if (session != null && open.remove(session)) {
        gauge.closed();
      }
    } catch (Throwable e) {
      fault(e);
    }
  }

  /** Counts a fault around tracking (rethrows only a fatal VM error); the connection is served unchanged. */
  private void fault(Throwable e) {
    metrics.recordingFailed(e);
  }

  /** Connections this tracker counts as open now. */
  public int openConnections() {
    return open.size();
  }
}
