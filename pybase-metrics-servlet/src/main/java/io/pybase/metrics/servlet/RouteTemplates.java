package io.pybase.metrics.servlet;

import io.pybase.metrics.HttpMetrics;
import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * The one call an application's router makes to name the route template of the current request, which becomes the
 * {@code endpoint} label of its HTTP metrics.
 *
 * <pre>{@code
 * // in a router, once the route is matched:
 * RouteTemplates.set(request, "/api/v1/tables/{tableId}");
 * }</pre>
 *
 * <p>The {@code endpoint} label is the first of: the template set here; the pattern Spring MVC matched (read from
 * its request attribute, a {@code String} in Spring 6.2 and 7; a failing {@link #SPRING_CATCH_ALL_PATTERN} counts as
 * no route); {@link #NOT_FOUND} / {@link #UNMATCHED} when a router said no route matched
 * ({@link #setNoRouteMatched}); the {@link Route} annotation of the servlet that served the request; {@link #NOT_FOUND}
 * / {@link #UNMATCHED} when that servlet is a router (it declared its routes with {@link ServletMetrics#initRoute}, or
 * it is Spring MVC's {@code DispatcherServlet}) and named none for this request, such as the 405 or 501
 * {@code HttpServlet.service} answers by itself; its servlet mapping pattern ({@code /api/v1/items/*}, {@code *.do},
 * {@code /health});
 * {@link #NOT_FOUND} for a 404 that no servlet mapping claims (the default servlet's, or no servlet at all);
 * {@link #UNMATCHED} for any other request without a template. A template must come from code, never from the raw
 * path: values beyond {@code PROMETHEUS_MAX_LABEL_VALUES} fold into {@code __overflow__}.
 */
public final class RouteTemplates {

  /** The request attribute holding the template. */
  public static final String ATTRIBUTE = "io.pybase.metrics.servlet.routeTemplate";

  /** The endpoint of requests served by the default servlet, or no servlet, with a status other than 404. */
  public static final String UNMATCHED = HttpMetrics.UNMATCHED;

  /** The endpoint of 404 responses that no servlet mapping or template claims. */
  public static final String NOT_FOUND = "not_found";

  /**
   * The request attribute a router sets when it handled the request and no route matched; see
   * {@link #setNoRouteMatched}.
   */
  public static final String NO_ROUTE_ATTRIBUTE = "io.pybase.metrics.servlet.noRouteMatched";

  /**
   * The request attribute Spring MVC sets to the pattern of the handler that matched
   * ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}); read without a dependency on Spring.
   */
  public static final String SPRING_MVC_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  /**
   * Spring MVC's catch-all pattern, under which Spring Boot serves static resources: every path matches it, so when
   * its handler fails (a 404 for a file that is not there, a 405 for a POST) the request matched no route and is
   * counted as {@link #NOT_FOUND} or {@link #UNMATCHED}; a resource it serves keeps {@code /**}.
   */
  public static final String SPRING_CATCH_ALL_PATTERN = "/**";

  private RouteTemplates() {}

  /**
   * Names the route template of {@code request}. Call it any time before the response completes; the last call wins.
   *
   * @throws IllegalArgumentException if {@code template} is null or empty
   */
  public static void set(ServletRequest request, String template) {
    if (template == null || template.isEmpty()) {
      throw new IllegalArgumentException("route template must not be null or empty");
    }
    request.setAttribute(ATTRIBUTE, template);
  }

  /**
   * Tells the filter that a router (a JAX-RS runtime, a framework's dispatcher) handled {@code request} and matched
   * no route: its endpoint is {@link #NOT_FOUND} for a 404 and {@link #UNMATCHED} otherwise, never the mapping
   * pattern of the router's servlet ({@code /*}). A template set with {@link #set} still wins.
   *
   * <pre>{@code
   * // in a router, when no route matches:
   * RouteTemplates.setNoRouteMatched(request);
   * }</pre>
   */
  public static void setNoRouteMatched(ServletRequest request) {
    request.setAttribute(NO_ROUTE_ATTRIBUTE, true);
  }

  /** The template set with {@link #set}, or {@code null}. */
  public static @Nullable String get(ServletRequest request) {
    Object template = request.getAttribute(ATTRIBUTE);
    return template instanceof String s ? s : null;
  }
}
