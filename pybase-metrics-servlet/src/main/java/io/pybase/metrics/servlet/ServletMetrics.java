package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Installs the HTTP metrics filter and the metrics endpoint into a servlet context, in one call. Call it while the
 * context starts: from a {@code ServletContainerInitializer} or a declared {@code ServletContextListener}. The bundled
 * {@link PyBaseMetricsInitializer} does it for you when the jar is on the classpath.
 *
 * <pre>{@code
 * ServletMetrics.install(servletContext);                       // default registry, settings from the environment
 * ServletMetrics.install(servletContext, PyBaseMetrics.register(registry, config), ServletMetricsConfig.builder()
 *     .bearerToken(System.getenv("SCRAPE_TOKEN")).excludedPaths("/static/*").build());
 * }</pre>
 *
 * <p>Rules, so that no setting is ever dropped silently:
 * <ul>
 *   <li>the first installation in a context adds the filter (first in the chain, {@code REQUEST} dispatches, async
 *       supported) and, unless {@link ServletMetricsConfig#installEndpoint()} is off, the endpoint;</li>
 *   <li>the application's own call replaces the automatic installation of {@link PyBaseMetricsInitializer} (which runs
 *       before any listener): its catalogue and settings are the ones used, and one INFO line says so;</li>
 *   <li>installing again with the same catalogue and an equal config does nothing and returns {@code false};
 *       installing again with anything else fails, naming what differs.</li>
 * </ul>
 *
 * <p>A {@link PyBaseMetricsFilter} or {@link MetricsEndpointServlet} declared in {@code web.xml} is kept (never a
 * second one) and uses the context's installation when there is one. With {@code PROMETHEUS_ENABLED=false} only the
 * endpoint is added, and it answers 404.
 */
public final class ServletMetrics {

  /** Name of the filter registration. */
  public static final String FILTER_NAME = "pybaseMetricsFilter";
  /** Name of the endpoint servlet registration. */
  public static final String ENDPOINT_NAME = "pybaseMetricsEndpoint";
  /** Context attribute set once installed. */
  public static final String INSTALLED_ATTRIBUTE = "io.pybase.metrics.servlet.installed";

  private static final Logger LOG = Logger.getLogger(ServletMetrics.class.getName());

  private ServletMetrics() {}

  /**
   * Installs with the default registry's catalogue and settings from the environment.
   *
   * @return whether anything was added or replaced ({@code false}: already installed with these settings)
   * @throws IllegalStateException as {@link #install(ServletContext, PyBaseMetrics, ServletMetricsConfig)}
   */
  public static boolean install(ServletContext context) {
    return install(context, PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment());
  }

  /**
   * Installs the filter recording into {@code metrics} and the endpoint serving {@code metrics.registry()}.
   *
   * @return whether anything was added or replaced ({@code false}: already installed with these settings)
   * @throws IllegalStateException if the context was already installed by the application with another catalogue or
   *     other settings (the message names each difference), if the context has started already, or if another
   *     servlet is mapped to the metrics path (exactly, as the root {@code /reports} of its path mapping
   *     {@code /reports/*}, or by extension); nothing is added then. A path below another servlet's path mapping
   *     ({@code /api/v1/metrics} beside a JAX-RS servlet on {@code /api/v1/*}) is served by the endpoint: its exact
   *     mapping wins (Servlet spec 12.2)
   */
  public static boolean install(ServletContext context, PyBaseMetrics metrics, ServletMetricsConfig config) {
    return install(context, metrics, config, false);
  }

  /** The automatic installation of {@link PyBaseMetricsInitializer}: it gives way to the application's. */
  static boolean installAutomatically(ServletContext context, PyBaseMetrics metrics, ServletMetricsConfig config) {
    return install(context, metrics, config, true);
  }

  private static boolean install(ServletContext context, PyBaseMetrics metrics, ServletMetricsConfig config,
      boolean automatic) {
    synchronized (context) {
      Installation existing = Installation.of(context);
      if (existing == null) {
        requireNotServed(context, config);
        Installation installation = new Installation(metrics, config, automatic);
        boolean filterAdded = addFilter(context, installation);
        boolean endpointAdded = addEndpoint(context, installation, config.metricsPath());
        boolean added = filterAdded || endpointAdded;
        context.setAttribute(Installation.ATTRIBUTE, installation);
        return added;
      }
      List<String> differences = existing.differencesFrom(metrics, config);
      if (differences.isEmpty()) {
        return false;
      }
      if (automatic) {
        return false; // the application installed first: its settings stand
      }
      if (!existing.automatic()) {
        throw new IllegalStateException("PyBase metrics are already installed in servlet context '"
            + context.getContextPath() + "' with other settings (" + String.join("; ", differences)
            + "). Install once, with the settings you want.");
      }
      if (existing.bound()) {
        throw new IllegalStateException("PyBase metrics were installed automatically in servlet context '"
            + context.getContextPath() + "', which has already started; install from a ServletContainerInitializer "
            + "or a ServletContextListener, or turn the automatic installation off (context parameter "
            + PyBaseMetricsInitializer.AUTO_INSTALL_PARAMETER + "=false or " + ServletMetricsConfig.AUTO_INSTALL
            + "=false).");
      }
      String oldPath = existing.config().metricsPath();
      if (!config.metricsPath().equals(oldPath)) {
        requireNotServed(context, config);
      }
      existing.replaceWith(metrics, config);
      if (metrics.config().enabled()) {
        addFilter(context, existing);
      }
      if (!config.metricsPath().equals(oldPath)) {
        addEndpoint(context, existing, config.metricsPath());
      }
      LOG.info("PyBase metrics: the application's ServletMetrics.install replaces the automatic installation in "
          + "servlet context '" + context.getContextPath() + "' (" + String.join("; ", differences) + ")");
      return true;
    }
  }

  private static boolean addFilter(ServletContext context, Installation installation) {
    if (!installation.metrics().config().enabled() || hasFilter(context)) {
      return false;
    }
    FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new PyBaseMetricsFilter(installation));
    if (filter == null) {
      return false;
    }
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    return true;
  }

  private static boolean addEndpoint(ServletContext context, Installation installation, String path) {
    if (!installation.config().installEndpoint()) {
      return false;
    }
    ServletRegistration existing = endpointRegistration(context);
    if (existing != null) {
      if (existing.getMappings().contains(path)) {
        return false;
      }
      if (!ENDPOINT_NAME.equals(existing.getName())) {
        return false; // declared in web.xml: its mapping is the application's
      }
      checkFree(path, existing.addMapping(path));
      return true;
    }
    ServletRegistration.Dynamic endpoint = context.addServlet(ENDPOINT_NAME, new MetricsEndpointServlet(installation));
    if (endpoint == null) {
      return false;
    }
    endpoint.setAsyncSupported(true);
    checkFree(path, endpoint.addMapping(path));
    return true;
  }

  /**
   * Refuses a metrics path that another servlet of the context is mapped to: by an exact mapping ({@code /status}),
   * as the root of a path mapping ({@code /reports} of {@code /reports/*}) or by an extension mapping
   * ({@code *.do}): the endpoint's exact mapping would take those requests from that servlet. A path below a path
   * mapping ({@code /reports/metrics}) is not refused: a path mapping claims a namespace (a JAX-RS servlet on
   * {@code /api/v1/*}, a router), not each path in it, and the endpoint's exact mapping is how the Servlet spec
   * carves a path out of it; refusing it would refuse the default {@code /api/v1/metrics} beside every API mapped on
   * {@code /api/v1/*}. The catch-all mappings {@code /} and {@code /*} (a framework's dispatcher) do not count
   * either. Checked before anything is added, so a refused installation leaves the context as it was.
   */
  private static void requireNotServed(ServletContext context, ServletMetricsConfig config) {
    if (!config.installEndpoint()) {
      return;
    }
    String path = config.metricsPath();
    for (ServletRegistration r : context.getServletRegistrations().values()) {
      if (ENDPOINT_NAME.equals(r.getName()) || MetricsEndpointServlet.class.getName().equals(r.getClassName())) {
        continue;
      }
      for (String pattern : r.getMappings()) {
        if (mappedTo(pattern, path)) {
          throw new IllegalStateException("Cannot serve metrics at " + path + " (PROMETHEUS_METRICS_PATH): servlet '"
              + r.getName() + "' serves it (mapping " + pattern + "). Choose a path no servlet serves, such as "
              + ServletMetricsConfig.DEFAULT_METRICS_PATH + ", or set PROMETHEUS_SERVLET_AUTO_INSTALL=false.");
        }
      }
    }
  }

  /**
   * Whether a servlet mapped with {@code pattern} is mapped to {@code path} itself (Servlet spec 12.2): exactly, as
   * the root of its path mapping, or by extension; not for a path below its path mapping.
   */
  static boolean mappedTo(String pattern, String path) {
    if (pattern.equals(path)) {
      return true;
    }
    if (pattern.length() > 2 && pattern.startsWith("/") && pattern.endsWith("/*")) {
      return path.equals(pattern.substring(0, pattern.length() - 2));
    }
    if (pattern.startsWith("*.")) {
      int slash = path.lastIndexOf('/');
      return path.substring(slash + 1).endsWith(pattern.substring(1));
    }
    return false;
  }

  private static void checkFree(String path, Set<String> conflicts) {
    if (!conflicts.isEmpty()) {
      throw new IllegalStateException("Cannot serve metrics at " + path + ": already mapped to another servlet."
          + " Set PROMETHEUS_METRICS_PATH to a free path, or PROMETHEUS_SERVLET_AUTO_INSTALL=false.");
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

  private static @Nullable ServletRegistration endpointRegistration(ServletContext context) {
    for (ServletRegistration r : context.getServletRegistrations().values()) {
      if (MetricsEndpointServlet.class.getName().equals(r.getClassName()) || ENDPOINT_NAME.equals(r.getName())) {
        return r;
      }
    }
    return null;
  }
}
