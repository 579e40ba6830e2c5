/**
 * The Spring Boot auto-configuration: adding {@code pybase-metrics-spring-boot} installs the HTTP metrics filter first
 * in the chain, the metrics endpoint, route templates, pool and WebSocket gauges and task metrics, configured by
 * {@code pybase.metrics.*} properties (or the {@code PROMETHEUS_*} variables).
 *
 * <pre>{@code
 * # application.properties
 * pybase.metrics.path=/api/v1/metrics
 * pybase.metrics.server.port=8001
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.spring.boot;

import org.jspecify.annotations.NullMarked;
