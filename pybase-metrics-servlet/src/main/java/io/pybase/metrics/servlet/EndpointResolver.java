package io.pybase.metrics.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a finished request into its {@code endpoint} label, in the order {@link RouteTemplates} documents. The
 * {@link Route} annotations are read once, at start-up ({@link RegisteredServlet#scan}); routers (servlets that declared
 * their routes, {@link KnownRoutes#routers}) may join later; resolving a request allocates nothing.
 */
final class EndpointResolver {

  /** Resolves templates and mapping patterns only: no {@link Route} annotations or routers known. */
  static final EndpointResolver MAPPINGS_ONLY = of(List.of(), Set.of());

  private final Map<String, String> templatesByServletName;
  /** Servlets whose mapping is never an endpoint: a live set (concurrent), which routers declared later join. */
  private final Set<String> routers;
  /** The servlet of each exact mapping, by the servlet path a request it serves has. */
  private final Map<String, Mapped> exactByServletPath;
  /** The servlet of each path mapping {@code /x/*}, by the servlet path {@code /x} a request it serves has. */
  private final Map<String, Mapped> prefixByServletPath;

  private EndpointResolver(Map<String, String> templatesByServletName, Set<String> routers,
      Map<String, Mapped> exactByServletPath, Map<String, Mapped> prefixByServletPath) {
    this.templatesByServletName = Map.copyOf(templatesByServletName);
    this.routers = routers;
    this.exactByServletPath = Map.copyOf(exactByServletPath);
    this.prefixByServletPath = Map.copyOf(prefixByServletPath);
  }

  /**
   * Knows the {@link Route} templates and the exact and path mappings of {@code servlets}, and the servlets named in
   * {@code routers}. A request served through an exact or path mapping is then resolved from its servlet path, which
   * the container keeps, instead of {@code getHttpServletMapping()}, which Jetty builds anew on every call; requests
   * served through an extension, context-root or default mapping are resolved through the mapping.
   */
  static EndpointResolver of(List<RegisteredServlet> servlets, Set<String> routers) {
    Map<String, String> templates = new HashMap<>();
    Map<String, Mapped> exact = new HashMap<>();
    Map<String, Mapped> prefix = new HashMap<>();
    for (RegisteredServlet servlet : servlets) {
      if (servlet.route != null) {
        templates.put(servlet.name, servlet.route);
      }
      for (String pattern : servlet.mappings) {
        if (isExactMapping(pattern)) {
          exact.put(pattern, new Mapped(servlet.name, servlet.route, pattern));
        } else if (pattern.length() > 2 && pattern.startsWith("/") && pattern.endsWith("/*")) {
          prefix.put(pattern.substring(0, pattern.length() - 2), new Mapped(servlet.name, servlet.route, pattern));
        }
      }
    }
    return new EndpointResolver(templates, routers, exact, prefix);
  }

  /** The endpoint of a request that matched no route: {@link RouteTemplates#NOT_FOUND} for a 404, else unmatched. */
  static String noRoute(int status) {
    return status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
  }

  /** Whether {@code pattern} is an exact servlet mapping such as {@code /api/v1/health} (not {@code /}, not empty). */
  static boolean isExactMapping(String pattern) {
    return pattern.length() > 1 && pattern.startsWith("/") && pattern.indexOf('*') < 0;
  }

  /** A servlet mapping known at start-up: the servlet, its {@link Route} template if any, the pattern. */
  private static final class Mapped {
    final String servletName;
    final @Nullable String route;
    final String pattern;

    Mapped(String servletName, @Nullable String route, String pattern) {
      this.servletName = servletName;
      this.route = route;
      this.pattern = pattern;
    }
  }

  /** The endpoint of a request served through {@code mapped}: its template, no route for a router, or its pattern. */
  private String endpointOf(Mapped mapped, int status) {
    if (mapped.route != null) {
      return mapped.route;
    }
    if (routers.contains(mapped.servletName)) {
      return noRoute(status);
    }
    return mapped.pattern;
  }

  /** The servlet mapping that served {@code request}, known from its servlet path, or {@code null}. */
  private @Nullable Mapped mappedByServletPath(HttpServletRequest request) {
    if (exactByServletPath.isEmpty() && prefixByServletPath.isEmpty()) {
      return null;
    }
    String servletPath = request.getServletPath();
    if (servletPath == null || servletPath.isEmpty()) {
      return null;
    }
    if (request.getPathInfo() == null) {
      Mapped exact = exactByServletPath.get(servletPath);
      if (exact != null) {
        return exact;   // an exact mapping wins over a path mapping of the same path
      }
    }
    return prefixByServletPath.get(servletPath);
  }

  /** The {@code endpoint} label of {@code request}, finished with {@code status}; throws only what the request throws. */
  String resolve(HttpServletRequest request, int status) {
    Object template = request.getAttribute(RouteTemplates.ATTRIBUTE);
    if (template instanceof String s) {
      return s;
    }
    Object springPattern = request.getAttribute(RouteTemplates.SPRING_MVC_PATTERN_ATTRIBUTE);
    if (springPattern != null) {
      String pattern = springPattern.toString();   // a String in Spring MVC 6 and 7; toString() of a PathPattern too
      if (status < 400 || !RouteTemplates.SPRING_CATCH_ALL_PATTERN.equals(pattern)) {
        return pattern;
      }
      // the catch-all (Boot's static resources at /**) matches every path: failing, it named no route
      return noRoute(status);
    }
    if (request.getAttribute(RouteTemplates.NO_ROUTE_ATTRIBUTE) != null) {
      return noRoute(status);
    }
    Mapped mapped = mappedByServletPath(request);
    if (mapped != null) {
      return endpointOf(mapped, status);
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping != null) {
      String servletName = mapping.getServletName();
      if (servletName != null) {
        String annotated = templatesByServletName.get(servletName);
        if (annotated != null) {
          return annotated;
        }
        if (routers.contains(servletName)) {
          // a router that named no route for this request: one HttpServlet.service answered itself (405 for a method
          // it does not implement, 501 for an unknown one), or one that forgot; its mapping is no route of its own
          return noRoute(status);
        }
      }
      MappingMatch match = mapping.getMappingMatch();
      if (match == MappingMatch.CONTEXT_ROOT) {
        return "/";
      }
      if (match != null && match != MappingMatch.DEFAULT) {
        String pattern = mapping.getPattern();
        if (pattern != null && !pattern.isEmpty()) {
          return pattern;
        }
      }
    }
    return noRoute(status);
  }
}
