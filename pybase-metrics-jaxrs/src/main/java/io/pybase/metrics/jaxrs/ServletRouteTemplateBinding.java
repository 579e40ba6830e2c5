package io.pybase.metrics.jaxrs;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import org.jspecify.annotations.Nullable;

/**
 * {@link RouteTemplateBinding} in a servlet container: the context path is stripped from the base URI, so templates
 * are relative to the context root, as every other endpoint label is. Registered only when the servlet API is on the
 * class path; without a servlet container the injected context is {@code null} and nothing is stripped.
 *
 * <p>Not API: registered by {@link PyBaseMetricsFeature}, public for the runtimes' reflective instantiation.
 *
 * <pre>{@code
 * // nothing to call: PyBaseMetricsFeature registers it
 * new ResourceConfig(RecordResource.class).register(PyBaseMetricsFeature.class);
 * }</pre>
 */
public final class ServletRouteTemplateBinding extends RouteTemplateBinding {

  @Context
  private @Nullable ServletContext servletContext;

  @Override
  String contextPath() {
    try {
      String path = servletContext == null ? null : servletContext.getContextPath();
      return path == null ? "" : path;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
