package io.pybase.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code websocket_connections_current} gauge. It never goes below zero: a close without a matching open is
 * ignored. Exactly-once pairing per connection is the caller's job (the servlet module's tracker does it).
 *
 * <pre>{@code
 * WebSocketMetrics ws = PyBaseMetrics.get().websocket();
 * ws.opened();
 * // ...
 * ws.closed();
 * }</pre>
 */
public final class WebSocketMetrics {

  private final boolean enabled;
  private final AtomicLong open = new AtomicLong();

  WebSocketMetrics(boolean enabled) {
    this.enabled = enabled;
  }

  /** A connection opened. */
  public void opened() {
    if (enabled) {
      open.incrementAndGet();
    }
  }

  /** A connection closed, normally or not. */
  public void closed() {
    if (enabled) {
      open.updateAndGet(n -> n > 0 ? n - 1 : 0);
    }
  }

  /** Connections open now, as the gauge reports it. */
  public long current() {
    return open.get();
  }
}
