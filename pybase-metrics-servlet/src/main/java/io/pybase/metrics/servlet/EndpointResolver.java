package io.pybase.metrics.servlet;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a finished request into its {@code endpoint} label, in the order {@link RouteTemplates} documents. The
 * {@link Route} annotations are read once, at start-up ({@link RegisteredServlet#scan}); routers (servlets that declared
 * their routes, {@link KnownRoutes#routers}) may join later; resolving a request allocates nothing.
 */
final class EndpointResolver {

  /** Resolves templates and mapping patterns only: no {@link Route} annotations or routers known. */
  static final EndpointResolver MAPPINGS_ONLY = new EndpointResolver(Map.of(), Set.of());

  private final Map<String, String> templatesByServletName;
  /** Servlets whose mapping is never an endpoint: a live set (concurrent), which routers declared later join. */
  private final Set<String> routers;

  EndpointResolver(Map<String, String> templatesByServletName, Set<String> routers) {
    this.templatesByServletName = Map.copyOf(templatesByServletName);
    this.routers = routers;
  }

  /** Knows the {@link Route} templates of {@code servlets}, and the servlets named in {@code routers}. */
  static EndpointResolver of(List<RegisteredServlet> servlets, Set<String> routers) {
    Map<String, String> templates = new HashMap<>();
    for (RegisteredServlet servlet : servlets) {
      if (servlet.route != null) {
        templates.put(servlet.name, servlet.route);
      }
    }
    return new EndpointResolver(templates, routers);
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
      return status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
    }
    if (request.getAttribute(RouteTemplates.NO_ROUTE_ATTRIBUTE) != null) {
      return status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
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
          return status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
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
    return status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
  }

  /** Number of servlets named by a {@link Route} annotation. */
  int annotatedServlets() {
    return templatesByServletName.size();
  }
}
