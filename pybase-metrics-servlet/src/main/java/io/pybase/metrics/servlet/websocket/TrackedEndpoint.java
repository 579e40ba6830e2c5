package io.pybase.metrics.servlet.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;

/** An {@link Endpoint} that counts its connection, then delegates every event to the application's endpoint. */
final class TrackedEndpoint extends Endpoint {

  private final Endpoint delegate;
  private final WebSocketConnectionTracker tracker;

  TrackedEndpoint(Endpoint delegate, WebSocketConnectionTracker tracker) {
    this.delegate = delegate;
    this.tracker = tracker;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    tracker.opened(session);
    delegate.onOpen(session, config);
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    try {
      delegate.onClose(session, closeReason);
    } finally {
      tracker.closed(session);
    }
  }

  @Override
  public void onError(Session session, Throwable thr) {
    try {
      delegate.onError(session, thr);
    } finally {
      if (!session.isOpen()) {
        tracker.closed(session);
      }
    }
  }
}
