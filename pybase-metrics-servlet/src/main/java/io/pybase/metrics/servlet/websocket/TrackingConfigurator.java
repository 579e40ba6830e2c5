package io.pybase.metrics.servlet.websocket;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * A {@link ServerEndpointConfig.Configurator} that counts the connections of a programmatic {@link Endpoint} in
 * {@code websocket_connections_current}: it wraps each endpoint instance the container creates so that
 * {@code onOpen} counts +1 and {@code onClose} (or an {@code onError} that leaves the session closed) counts -1,
 * once per connection.
 *
 * <pre>{@code
 * container.addEndpoint(ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/chat")
 *     .configurator(new TrackingConfigurator())                     // default registry
 *     .build());
 * }</pre>
 *
 * <p>Annotated {@code @ServerEndpoint} classes are not {@link Endpoint}s and cannot be wrapped: call
 * {@link WebSocketConnectionTracker} from their {@code @OnOpen} and {@code @OnClose} instead. Endpoint instances are
 * created by the container's default configurator, as without this class.
 */
public class TrackingConfigurator extends ServerEndpointConfig.Configurator {

  private final WebSocketConnectionTracker tracker;

  /** Tracks into the default registry's catalogue. */
  public TrackingConfigurator() {
    this(WebSocketConnectionTracker.get());
  }

  /** Tracks into {@code tracker}. */
  public TrackingConfigurator(WebSocketConnectionTracker tracker) {
    this.tracker = tracker;
  }

  /**
   * The container's instance of {@code endpointClass}, wrapped to count its connection.
   *
   * @throws InstantiationException if {@code endpointClass} is not an {@link Endpoint}
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
    if (!Endpoint.class.isAssignableFrom(endpointClass)) {
      throw new InstantiationException(endpointClass.getName() + " is not a jakarta.websocket.Endpoint: "
          + "TrackingConfigurator wraps programmatic endpoints only; for @ServerEndpoint classes call "
          + "WebSocketConnectionTracker.opened/closed from @OnOpen/@OnClose");
    }
    Endpoint endpoint = (Endpoint) super.getEndpointInstance(endpointClass);
    return (T) new TrackedEndpoint(endpoint, tracker);
  }
}
