package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Installs the HTTP metrics filter and the metrics endpoint into a servlet context, in one call. Call it while the
 * context starts: from a {@code ServletContainerInitializer} or a declared {@code ServletContextListener}. The
 * bundled {@link PyBaseMetricsInitializer} does it for you when the jar is on the classpath.
 *
 * <pre>{@code
 * ServletMetrics.install(servletContext);                       // default registry, settings from the environment
 * ServletMetrics.install(servletContext, PyBaseMetrics.register(registry, config), ServletMetricsConfig.builder()
 *     .excludedPaths("/static/*").build());
 * }</pre>
 *
 * <p>Installing twice is harmless: a context that already has a {@link PyBaseMetricsFilter} (installed here, by the
 * initializer, or declared in {@code web.xml}) keeps it, and likewise its {@link MetricsEndpointServlet}. The filter
 * goes first in the chain, for {@code REQUEST} dispatches, with async support. With {@code PROMETHEUS_ENABLED=false}
 * only the endpoint is added, and it answers 404.
 */
public final class ServletMetrics {

  /** Name of the filter registration. */
  public static final String FILTER_NAME = "pybaseMetricsFilter";
  /** Name of the endpoint servlet registration. */
  public static final String ENDPOINT_NAME = "pybaseMetricsEndpoint";
  /** Context attribute set once installed. */
  public static final String INSTALLED_ATTRIBUTE = "io.pybase.metrics.servlet.installed";

  private ServletMetrics() {}

  /**
   * Installs with the default registry's catalogue and settings from the environment.
   *
   * @return whether anything was added ({@code false}: already installed)
   */
  public static boolean install(ServletContext context) {
    return install(context, PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment());
  }

  /**
   * Installs the filter recording into {@code metrics} and the endpoint serving {@code metrics.registry()}.
   *
   * @return whether anything was added ({@code false}: already installed)
   * @throws IllegalStateException if the context has started already, or the metrics path is mapped to another
   *     servlet
   */
  public static boolean install(ServletContext context, PyBaseMetrics metrics, ServletMetricsConfig config) {
    synchronized (context) {
      if (context.getAttribute(INSTALLED_ATTRIBUTE) != null) {
        return false;
      }
      boolean added = false;
      if (metrics.config().enabled() && !hasFilter(context)) {
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new PyBaseMetricsFilter(metrics, config));
        if (filter != null) {
          filter.setAsyncSupported(true);
          filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
          added = true;
        }
      }
      if (config.installEndpoint() && !hasEndpoint(context)) {
        String path = config.metricsPath(metrics.config());
        ServletRegistration.Dynamic endpoint =
            context.addServlet(ENDPOINT_NAME, new MetricsEndpointServlet(metrics, config));
        if (endpoint != null) {
          endpoint.setAsyncSupported(true);
          Set<String> conflicts = endpoint.addMapping(path);
          if (!conflicts.isEmpty()) {
            throw new IllegalStateException("Cannot serve metrics at " + path + ": already mapped to another servlet."
                + " Set PROMETHEUS_METRICS_PATH to a free path, or PROMETHEUS_SERVLET_AUTO_INSTALL=false.");
          }
          added = true;
        }
      }
      context.setAttribute(INSTALLED_ATTRIBUTE, Boolean.TRUE);
      return added;
    }
  }

  /** Whether a {@link PyBaseMetricsFilter} is registered in {@code context}, by this class or by {@code web.xml}. */
  public static boolean hasFilter(ServletContext context) {
    for (FilterRegistration r : context.getFilterRegistrations().values()) {
      if (PyBaseMetricsFilter.class.getName().equals(r.getClassName()) || FILTER_NAME.equals(r.getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasEndpoint(ServletContext context) {
    for (ServletRegistration r : context.getServletRegistrations().values()) {
      if (MetricsEndpointServlet.class.getName().equals(r.getClassName()) || ENDPOINT_NAME.equals(r.getName())) {
        return true;
      }
    }
    return false;
  }
}
