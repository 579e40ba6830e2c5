/**
 * The metrics-endpoint policy shared by every transport (servlet endpoint, worker and standalone metrics servers):
 * the path and credentials of {@link io.pybase.metrics.endpoint.MetricsEndpointConfig}, checked by
 * {@link io.pybase.metrics.endpoint.ScrapeAuthentication}.
 *
 * <pre>{@code
 * ScrapeAuthentication auth = ScrapeAuthentication.of(MetricsEndpointConfig.fromEnvironment());
 * boolean allowed = auth.permits(authorizationHeader);
 * }</pre>
 */
@NullMarked
package io.pybase.metrics.endpoint;

import org.jspecify.annotations.NullMarked;
