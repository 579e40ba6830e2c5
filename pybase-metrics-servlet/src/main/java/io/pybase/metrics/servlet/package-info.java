/**
 * HTTP metrics for Jakarta Servlet containers: the recording filter ({@link io.pybase.metrics.servlet.PyBaseMetricsFilter}),
 * route templates ({@link io.pybase.metrics.servlet.RouteTemplates}, {@link io.pybase.metrics.servlet.Route}), the
 * metrics endpoint ({@link io.pybase.metrics.servlet.MetricsEndpointServlet}) and their installation
 * ({@link io.pybase.metrics.servlet.ServletMetrics}, {@link io.pybase.metrics.servlet.PyBaseMetricsInitializer}).
 *
 * <pre>{@code
 * ServletMetrics.install(servletContext);   // filter + /api/v1/metrics, default registry
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.servlet;

import org.jspecify.annotations.NullMarked;
