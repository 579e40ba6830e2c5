/**
 * {@code websocket_connections_current} for {@code jakarta.websocket} server endpoints:
 * {@link io.pybase.metrics.servlet.websocket.TrackingConfigurator} for programmatic endpoints,
 * {@link io.pybase.metrics.servlet.websocket.WebSocketConnectionTracker} for annotated ones.
 *
 * <pre>{@code
 * ServerEndpointConfig.Builder.create(ChatEndpoint.class, "/chat").configurator(new TrackingConfigurator()).build();
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.servlet.websocket;

import org.jspecify.annotations.NullMarked;
