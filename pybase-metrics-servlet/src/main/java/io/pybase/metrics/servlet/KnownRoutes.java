package io.pybase.metrics.servlet;

import io.pybase.metrics.HttpMetrics;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The routes of one servlet context known at start-up, whose series the filter creates at zero
 * ({@link HttpMetrics#initRoute}) so that {@code rate()} and {@code increase()} see a route's first request and
 * first error. Kept as a context attribute; routes come from two places:
 *
 * <ul>
 *   <li>declared by the application or a framework integration with {@link ServletMetrics#initRoute} (JAX-RS
 *       resources, Spring MVC handler patterns, a servlet that names its templates with {@link RouteTemplates#set});
 *   </li>
 *   <li>read from the servlet registrations when the filter starts: for each {@link jakarta.servlet.http.HttpServlet}
 *       the methods it implements ({@code doGet}: GET, ...) under its {@link Route} template or each of its mapping
 *       patterns; the default servlet ({@code /}), the metrics endpoint, excluded paths, servlets whose routes were
 *       declared and Spring MVC's {@code DispatcherServlet} (its handler mappings name its routes) are skipped.</li>
 * </ul>
 *
 * <p>A declared route whose template, read as a path, lies under an excluded path ({@code /internal/{name}} under
 * {@code /internal/*}) is not created: its requests are never recorded.
 *
 * <pre>{@code
 * KnownRoutes.of(context).declare("records", "GET", "/api/v1/tables/{tableId}/stats");
 * }</pre>
 */
final class KnownRoutes {

  /** The context attribute. */
  static final String ATTRIBUTE = "io.pybase.metrics.servlet.knownRoutes";

  private final List<Declared> declared = new ArrayList<>();
  /**
   * The servlets that declared their routes: routers, whose requests are named by their templates, never by their
   * mapping patterns. Read by {@link EndpointResolver} on every request (a router may declare after the filter
   * started, when a JAX-RS runtime deploys at its servlet's first request), so it is concurrent.
   */
  private final Set<String> routers = ConcurrentHashMap.newKeySet();
  private final List<Bound> bound = new ArrayList<>();

  private record Declared(String method, String template) {}

  /** A filter's recorder and what it leaves unrecorded. */
  private record Bound(RequestRecorder recorder, ExcludedRequests excluded) {}

  /** The routes of {@code context}, created on first use. */
  static KnownRoutes of(ServletContext context) {
    synchronized (context) {
      Object existing = context.getAttribute(ATTRIBUTE);
      if (existing instanceof KnownRoutes known) {
        return known;
      }
      KnownRoutes routes = new KnownRoutes();
      context.setAttribute(ATTRIBUTE, routes);
      return routes;
    }
  }

  /**
   * The names of the servlets that declared routes ({@link #declare} with a servlet name): a live view, which routes
   * declared later join.
   */
  Set<String> routers() {
    return Collections.unmodifiableSet(routers);
  }

  /**
   * Marks {@code servletName} as a router whose routes are not its mappings, without declaring a route of it (Spring
   * MVC's {@code DispatcherServlet}, whose handler mappings the Spring Boot starter declares).
   */
  void router(String servletName) {
    routers.add(servletName);
  }

  /** Declares a route of {@code servletName} (or of no servlet in particular: {@code null}). */
  synchronized void declare(@Nullable String servletName, String method, String template) {
    declared.add(new Declared(method, template));
    if (servletName != null) {
      routers.add(servletName);
    }
    for (Bound b : bound) {
      initDeclared(b, method, template);
    }
  }

  /**
   * Creates every known route's series in {@code recorder}: those declared so far, those of {@code servlets}, and
   * those declared later.
   */
  synchronized void bind(RequestRecorder recorder, List<RegisteredServlet> servlets, ExcludedRequests excluded) {
    Bound b = new Bound(recorder, excluded);
    bound.add(b);
    for (Declared d : declared) {
      initDeclared(b, d.method(), d.template());
    }
    for (RegisteredServlet servlet : servlets) {
      if (servlet.metricsEndpoint || servlet.router || servlet.methods.isEmpty()
          || routers.contains(servlet.name)) {
        continue;
      }
      for (String endpoint : endpointsOf(servlet, excluded)) {
        for (String method : servlet.methods) {
          init(recorder, method, endpoint);
        }
      }
    }
  }

  /** Creates a declared route's series unless its template, read as a path, lies under an excluded path. */
  private static void initDeclared(Bound b, String method, String template) {
    if (!b.excluded().excludesPath(template, "")) {
      init(b.recorder(), method, template);
    }
  }

  /** Creates one route's series; a fault is counted and never stops the others or the application. */
  private static void init(RequestRecorder recorder, String method, String endpoint) {
    try {
      recorder.initRoute(method, endpoint);
    } catch (Throwable e) {
      FatalErrors.rethrowIfFatal(e);
      try {
        recorder.failed(e);
      } catch (Throwable ignored) {
        // the recorder is broken; the application starts anyway
      }
    }
  }

  /** The endpoint labels of {@code servlet}'s requests: its template, else its recorded mapping patterns. */
  private static Set<String> endpointsOf(RegisteredServlet servlet, ExcludedRequests excluded) {
    Set<String> endpoints = new HashSet<>();
    for (String pattern : servlet.mappings) {
      String endpoint = RegisteredServlet.endpointOfMapping(pattern);
      if (endpoint == null || excludedPattern(pattern, excluded)) {
        continue;
      }
      endpoints.add(servlet.route != null ? servlet.route : endpoint);
    }
    return endpoints;
  }

  /** Whether requests matching a mapping pattern are excluded: its literal path, or its prefix for {@code /x/*}. */
  private static boolean excludedPattern(String pattern, ExcludedRequests excluded) {
    if (pattern.startsWith("*.")) {
      return false;
    }
    String path = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
    return excluded.excludesPath(path.isEmpty() ? "/" : path, "");
  }
}
