package io.pybase.metrics.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a finished request into its {@code endpoint} label, in the order {@link RouteTemplates} documents. The
 * {@link Route} annotations are read once, by {@link #fromRegistrations}; resolving a request allocates nothing.
 */
final class EndpointResolver {

  private static final Logger LOG = Logger.getLogger(EndpointResolver.class.getName());

  /** Resolves templates and mapping patterns only: no {@link Route} annotations known. */
  static final EndpointResolver MAPPINGS_ONLY = new EndpointResolver(Map.of());

  private final Map<String, String> templatesByServletName;

  EndpointResolver(Map<String, String> templatesByServletName) {
    this.templatesByServletName = Map.copyOf(templatesByServletName);
  }

  /** Reads the {@link Route} annotation of every servlet registered in {@code context}. */
  static EndpointResolver fromRegistrations(ServletContext context) {
    ClassLoader loader = context.getClassLoader();
    if (loader == null) {
      loader = EndpointResolver.class.getClassLoader();
    }
    Map<String, String> templates = new HashMap<>();
    for (ServletRegistration registration : context.getServletRegistrations().values()) {
      String className = registration.getClassName();
      if (className == null) {
        continue;
      }
      try {
        Route route = Class.forName(className, false, loader).getAnnotation(Route.class);
        if (route != null && !route.value().isEmpty()) {
          templates.put(registration.getName(), route.value());
        }
      } catch (ClassNotFoundException | LinkageError e) {
        LOG.log(Level.FINE, "Cannot read @Route of servlet " + registration.getName(), e);
      }
    }
    return new EndpointResolver(templates);
  }

  /** The {@code endpoint} label of {@code request}, finished with {@code status}. Never throws. */
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
