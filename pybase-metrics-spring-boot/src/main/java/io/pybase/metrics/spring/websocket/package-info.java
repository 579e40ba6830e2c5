/**
 * {@code websocket_connections_current} for Spring WebSocket handlers and STOMP sessions, installed by the starter
 * where the application has WebSocket endpoints.
 *
 * <pre>{@code
 * // nothing to call: the starter decorates every WebSocketHandler bean
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.spring.websocket;

import org.jspecify.annotations.NullMarked;
