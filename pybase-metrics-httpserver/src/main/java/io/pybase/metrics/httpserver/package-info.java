/**
 * A standalone metrics server on its own port and threads: the worker's metrics endpoint, and the management port of
 * an HTTP service whose own threads may all be busy. Jetty 12 core underneath, the shared endpoint policy
 * ({@link io.pybase.metrics.endpoint.MetricsEndpointConfig}) on the metrics path.
 *
 * <pre>{@code
 * MetricsServer server = MetricsServer.builder().metrics(metrics).port(8001).start();
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.httpserver;

import org.jspecify.annotations.NullMarked;
