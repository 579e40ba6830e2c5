package io.pybase.metrics.servlet;

import io.prometheus.metrics.core.util.Scheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
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
   *     servlet serves the metrics path (exactly, under its path mapping such as {@code /reports/*}, or by
   *     extension); nothing is added then
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
        addCompletion(context, installation);
        context.setAttribute(Installation.ATTRIBUTE, installation);
        return filterAdded || endpointAdded;
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

  /**
   * Adds the {@link RequestCompletion} listener, which records thrown requests with the status the container sends
   * and counts requests refused before any filter. A context that does not accept listeners any more (install called
   * from an undeclared listener) goes without: thrown requests are then recorded with {@link ThrownStatus}'s rules.
   */
  private static void addCompletion(ServletContext context, Installation installation) {
    RequestCompletion listener = new RequestCompletion(installation);
    try {
      context.addListener(listener);
      installation.completion(listener);
    } catch (RuntimeException e) {
      LOG.fine("PyBase metrics: servlet context '" + context.getContextPath() + "' accepts no request listener here ("
          + e + "); thrown requests are recorded with the status their exception implies");
    }
  }

  /**
   * Creates the series of a route at zero — its latency histogram and its {@code status="500"} counter — in the
   * catalogue the context's filter records into, so that {@code rate()} and {@code increase()} see the route's first
   * request and first error. For routers and frameworks that know their routes at start-up (JAX-RS resources, Spring
   * MVC handler patterns, a servlet that names its templates with {@link RouteTemplates#set}); servlets are read for
   * you (their {@link Route} template or mapping patterns, and the {@code doGet}, {@code doPost}... they implement).
   * Call it any time; routes declared before the filter starts are created when it starts. A template that, read as a
   * path, lies under one of the filter's excluded paths is not created (its requests are never recorded).
   *
   * <pre>{@code
   * ServletMetrics.initRoute(context, "records", "GET", "/api/v1/tables/{tableId}/stats");
   * }</pre>
   *
   * @param servletName the servlet that serves the route, which makes it a router: its own mapping patterns are not
   *     pre-created and are never an endpoint (a request it serves without naming a template, such as the 405 or 501
   *     {@code HttpServlet.service} answers by itself, is {@code not_found} for a 404 and {@code unmatched} otherwise);
   *     {@code null} for a route of no servlet in particular
   * @param method the HTTP method, such as {@code GET}
   * @param template the route template, the {@code endpoint} label of its requests
   * @throws IllegalArgumentException if {@code method} or {@code template} is null or blank
   */
  public static void initRoute(ServletContext context, @Nullable String servletName, String method, String template) {
    Objects.requireNonNull(context, "context");
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("method must be an HTTP method such as GET, got " + method);
    }
    if (template == null || template.isBlank()) {
      throw new IllegalArgumentException("template must be a route template such as /api/v1/items/{id}, got "
          + template);
    }
    KnownRoutes.of(context).declare(servletName, method, template);
  }

  /**
   * Releases, when the context goes away, what would otherwise keep an undeployed web application's class loader
   * alive, when the library's classes belong to this web application ({@code WEB-INF/lib}, not the class loader of the
   * Servlet API) so that nothing else can use them: the default registry's catalogue {@code metrics} is closed (its collectors leave the registry, which a
   * shared client_java may keep; its JVM metrics' GC listener is removed), and client_java's exemplar scheduler
   * thread, when client_java belongs to the application too, is stopped (client_java offers no call for it: it is
   * reached by reflection, and left alone when that is refused). Never throws.
   */
  static void closeWithWebApplication(ServletContext context, @Nullable PyBaseMetrics metrics) {
    try {
      if (!belongsToTheWebApplication(context)) {
        return;
      }
      ClassLoader application = context.getClassLoader();
      if (metrics != null && metrics.registry() == PrometheusRegistry.defaultRegistry) {
        metrics.close();
      }
      if (Scheduler.class.getClassLoader() == application) {
        Field executor = Scheduler.class.getDeclaredField("executor");
        executor.setAccessible(true);
        ((ExecutorService) executor.get(null)).shutdownNow();
      }
    } catch (Throwable e) {
      FatalErrors.rethrowIfFatal(e);
      LOG.log(java.util.logging.Level.FINE, "PyBase metrics: closing the catalogue at undeploy failed", e);
    }
  }

  /**
   * Whether the library's classes are the web application's own ({@code WEB-INF/lib}): defined by the context's class
   * loader, which is not the one of the Servlet API. An embedded server whose application, container and library share
   * one class loader (a plain {@code main}, a Spring Boot jar) keeps its catalogue when a context stops.
   */
  private static boolean belongsToTheWebApplication(ServletContext context) {
    ClassLoader application = context.getClassLoader();
    return application != null && PyBaseMetrics.class.getClassLoader() == application
        && ServletContext.class.getClassLoader() != application;
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
   * Refuses a metrics path that another servlet of the context is mapped to: exactly ({@code /status}), as the root
   * of its path mapping ({@code /reports} of {@code /reports/*}) or by extension ({@code *.csv}) — the application's
   * route would silently become the metrics endpoint. A path below another servlet's path mapping ({@code /api/v1/*}
   * of a JAX-RS or framework dispatcher) is allowed — the endpoint's exact mapping wins for that one path, which is the
   * usual layout (Jersey at {@code /api/v1/*}, metrics at {@code /api/v1/metrics}) — and one WARNING line names the
   * servlet it takes that path from. The catch-all mappings {@code /} and {@code /*} are not mentioned. Checked
   * before anything is added, so a refused installation leaves the context as it was.
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
        if (!serves(pattern, path)) {
          continue;
        }
        boolean belowPathMapping = pattern.endsWith("/*") && !pattern.equals(path)
            && !path.equals(pattern.substring(0, pattern.length() - 2)) && !pattern.startsWith("*.");
        if (!belowPathMapping) {
          throw new IllegalStateException("Cannot serve metrics at " + path + " (PROMETHEUS_METRICS_PATH): servlet '"
              + r.getName() + "' is mapped to it (" + pattern + "). Choose a path no servlet is mapped to, such as "
              + ServletMetricsConfig.DEFAULT_METRICS_PATH + " or a path below a dispatcher's /* mapping, or set "
              + "PROMETHEUS_SERVLET_AUTO_INSTALL=false.");
        }
        LOG.warning("PyBase metrics: the metrics endpoint " + path + " takes that path from servlet '"
            + r.getName() + "' (mapping " + pattern + "); requests to " + path + " get the metrics.");
      }
    }
  }

  /** Whether a servlet mapped with {@code pattern} receives requests for {@code path} (Servlet spec 12.2). */
  static boolean serves(String pattern, String path) {
    if (pattern.equals(path)) {
      return true;
    }
    if (pattern.length() > 2 && pattern.startsWith("/") && pattern.endsWith("/*")) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      return path.equals(prefix) || path.startsWith(prefix + "/");
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
