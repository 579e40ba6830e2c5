package io.pybase.metrics.jaxrs;

import io.pybase.metrics.servlet.RouteTemplates;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Marks a response to a request that matched no resource method (an unknown path's 404, a 405, a request rejected by
 * a pre-matching filter): the request property {@link RouteTemplates#NO_ROUTE_ATTRIBUTE}, which is
 * {@code RouteTemplates.setNoRouteMatched(servletRequest)} in a servlet container. The servlet filter then records
 * {@code not_found} for a 404 and {@code unmatched} otherwise, never the JAX-RS servlet's {@code /*} mapping.
 */
final class NoRouteMatchedFilter implements ContainerResponseFilter {

  private final PyBaseMetricsFeature.Switch on;

  NoRouteMatchedFilter(PyBaseMetricsFeature.Switch on) {
    this.on = on;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    try {
      if (on.enabled && request.getProperty(RouteTemplates.ATTRIBUTE) == null) {
        request.setProperty(RouteTemplates.NO_ROUTE_ATTRIBUTE, true);
      }
    } catch (RuntimeException | LinkageError e) {
      FaultLog.fault("marking a request no resource matched", e);
    }
  }
}
