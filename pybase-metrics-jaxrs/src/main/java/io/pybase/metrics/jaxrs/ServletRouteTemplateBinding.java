package io.pybase.metrics.jaxrs;

import io.pybase.metrics.servlet.ServletMetrics;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.ws.rs.core.Context;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * {@link RouteTemplateBinding} in a servlet container: the context path is stripped from the base URI, so templates
 * are relative to the context root, as every other endpoint label is; and each resource method's series are created at
 * zero as the runtime deploys it ({@link ServletMetrics#initRoute}), so that {@code rate()} and {@code increase()} see
 * its first request and first error. Registered only when the servlet API is on the class path; without a servlet
 * container the injected context is {@code null} and nothing is stripped or created.
 *
 * <p>What is created, for the servlet that serves the application (its {@code /api/v1/*} mapping is then not taken
 * for an endpoint):
 * <ul>
 *   <li>each resource method of a root resource class, under each path the servlet serves the application at (its
 *       path mappings; for RESTEasy, its {@code resteasy.servlet.mapping.prefix}), for each HTTP method it declares
 *       ({@code @GET}: {@code GET}); the {@code HEAD} and {@code OPTIONS} the runtime answers implicitly are not
 *       (their series appear at their first request, as for plain servlets);</li>
 *   <li>the sub-resource methods a root resource class's locators lead to, when a locator's declared return type is a
 *       resource class ({@link ResourceRoutes#throughLocators}); a locator returning {@code Object} names its
 *       sub-resource only at run time, and its routes appear at their first request.</li>
 * </ul>
 *
 * <p>The runtime deploys the application when its servlet initialises: at start-up when it loads on start-up (Jersey's
 * and RESTEasy's servlet initializers set that for an {@code @ApplicationPath} application; otherwise set
 * {@code <load-on-startup>}), else at its first request. An application the runtime deploys outside a servlet (Jersey
 * as a servlet filter, RESTEasy's {@code ResteasyBootstrap} listener) has its series created at their first request.
 *
 * <p>Not API: registered by {@link PyBaseMetricsFeature}, public for the runtimes' reflective instantiation.
 *
 * <pre>{@code
 * // nothing to call: PyBaseMetricsFeature registers it
 * new ResourceConfig(RecordResource.class).register(PyBaseMetricsFeature.class);
 * }</pre>
 */
public final class ServletRouteTemplateBinding extends RouteTemplateBinding {

  /** RESTEasy's setting for the path its servlet serves the application under (servlet, then context parameter). */
  static final String RESTEASY_MAPPING_PREFIX = "resteasy.servlet.mapping.prefix";

  private static final Logger LOG = Logger.getLogger(ServletRouteTemplateBinding.class.getName());

  @Context
  private @Nullable ServletContext servletContext;

  @Context
  private @Nullable ServletConfig servletConfig;

  /** The servlet serving this application once {@link #servedRead}; {@code null}: deployed outside a servlet. */
  private volatile @Nullable ServedApplication served;
  private volatile boolean servedRead;
  private final Set<Class<?>> followed = ConcurrentHashMap.newKeySet();

  @Override
  String contextPath() {
    try {
      String path = servletContext == null ? null : servletContext.getContextPath();
      return path == null ? "" : path;
    } catch (RuntimeException e) {
      return "";
    }
  }

  @Override
  void deployed(Class<?> type, Method method, String template) {
    ServedApplication app = served();
    if (app == null) {
      return;
    }
    for (String httpMethod : ResourceRoutes.httpMethods(type, method)) {
      app.initRoute(httpMethod, template);
    }
    if (followed.add(type)) {
      for (ResourceRoutes.Route route : ResourceRoutes.throughLocators(type)) {
        app.initRoute(route.method(), route.template());
      }
    }
  }

  /** The servlet serving this application, read once; {@code null} when the runtime deployed it outside a servlet. */
  private @Nullable ServedApplication served() {
    if (servedRead) {
      return served;
    }
    ServedApplication app = ServedApplication.of(servletContext, servletConfig);
    served = app;
    servedRead = true;
    return app;
  }

  /** The servlet that serves one application, and the paths it serves it under. */
  private static final class ServedApplication {
    private final ServletContext context;
    private final String servletName;
    private final List<String> basePaths;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private ServedApplication(ServletContext context, String servletName, List<String> basePaths) {
      this.context = context;
      this.servletName = servletName;
      this.basePaths = basePaths;
    }

    /** The servlet that deployed the application, or {@code null} when none did. */
    static @Nullable ServedApplication of(@Nullable ServletContext injectedContext, @Nullable ServletConfig config) {
      try {
        if (config == null) {
          return null;
        }
        String name = config.getServletName();
        ServletContext context = injectedContext != null ? injectedContext : config.getServletContext();
        if (name == null || context == null) {
          return null;
        }
        return new ServedApplication(context, name, basePaths(context, config, name));
      } catch (RuntimeException | LinkageError e) {
        // RESTEasy's proxy of a ServletConfig it does not have (deployed by its bootstrap listener)
        LOG.log(Level.FINE, "PyBase metrics: the JAX-RS application is not deployed by a servlet; its routes' series "
            + "are created at their first request", e);
        return null;
      }
    }

    /**
     * The paths, relative to the context root, the servlet serves the application under: RESTEasy's mapping prefix
     * when set (RESTEasy's base path; none set means the context root), else each path mapping ({@code /api/v1/*}:
     * {@code /api/v1}, {@code /*} and {@code /}: the context root, an exact mapping: itself); extension mappings give
     * no fixed base path and are left out.
     */
    private static List<String> basePaths(ServletContext context, ServletConfig config, String name) {
      String prefix = config.getInitParameter(RESTEASY_MAPPING_PREFIX);
      if (prefix == null) {
        prefix = context.getInitParameter(RESTEASY_MAPPING_PREFIX);
      }
      ServletRegistration registration = context.getServletRegistration(name);
      String className = registration == null ? null : registration.getClassName();
      if (prefix != null || (className != null && className.startsWith("org.jboss.resteasy."))) {
        return List.of(prefix == null ? "" : prefix.trim());
      }
      List<String> bases = new ArrayList<>();
      if (registration != null) {
        for (String mapping : registration.getMappings()) {
          if (mapping.startsWith("*.")) {
            continue;
          }
          String base = mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) : mapping;
          bases.add(base.equals("/") ? "" : base);
        }
      }
      return bases;
    }

    /** Creates the series of {@code template} (relative to the application path) under each base path, once. */
    void initRoute(String method, String template) {
      for (String base : basePaths) {
        String endpoint = RouteTemplate.normalise(base + "/" + template);
        if (created.add(method + ' ' + endpoint)) {
          ServletMetrics.initRoute(context, servletName, method, endpoint);
        }
      }
    }
  }
}
