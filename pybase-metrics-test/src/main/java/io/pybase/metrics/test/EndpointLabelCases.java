package io.pybase.metrics.test;

import java.util.List;

/**
 * The endpoint-label rules as one table, the same for every stack (plain servlets, JAX-RS, Spring MVC). The app
 * under test serves, under its root:
 *
 * <ul>
 *   <li>{@code GET /api/v1/tables/{tableId}/records/{recordId}}: 200; recordId {@code missing} answers 404 from the
 *       handler; no other method (so {@code DELETE} is a 405);</li>
 *   <li>{@code GET /api/v1/tables/{tableId}/error}: the handler throws an unhandled exception (a 500);</li>
 *   <li>{@code GET /api/v1/tables/{tableId}/columns/{columnId}}: 200, served by a sub-resource (a JAX-RS
 *       sub-resource locator, a router delegating to a nested handler);</li>
 *   <li>nothing under {@code /api/v1/unknown}.</li>
 * </ul>
 *
 * <pre>{@code
 * class JerseyOnJettyEndpointLabelTest extends EndpointLabelContract { ... }   // runs every row against one stack
 * }</pre>
 */
public final class EndpointLabelCases {

  /** The record route's template. */
  public static final String RECORD = "/api/v1/tables/{tableId}/records/{recordId}";
  /** The throwing route's template. */
  public static final String ERROR = "/api/v1/tables/{tableId}/error";
  /** The sub-resource route's template. */
  public static final String COLUMN = "/api/v1/tables/{tableId}/columns/{columnId}";
  /** No route matched, 404. */
  public static final String NOT_FOUND = "not_found";
  /** No route matched, any other status. */
  public static final String UNMATCHED = "unmatched";

  /** Two records of one route: one series. */
  public static final EndpointLabelCase TWO_RECORDS = new EndpointLabelCase("two records of one route, one series",
      "GET", List.of("/api/v1/tables/7/records/1", "/api/v1/tables/7/records/2"), 200, RECORD);
  /** The handler answers 404: the route's template, not {@code not_found}. */
  public static final EndpointLabelCase HANDLER_404 = new EndpointLabelCase("a handler's 404 keeps its template",
      "GET", List.of("/api/v1/tables/7/records/missing"), 404, RECORD);
  /** No route matches: {@code not_found}. */
  public static final EndpointLabelCase UNKNOWN_PATH = new EndpointLabelCase("an unknown path is not_found",
      "GET", List.of("/api/v1/unknown/42"), 404, NOT_FOUND);
  /** The handler throws: 500 under the route's template. */
  public static final EndpointLabelCase THROWN = new EndpointLabelCase("a thrown exception is a 500 of its route",
      "GET", List.of("/api/v1/tables/7/error"), 500, ERROR);
  /**
   * The path matches a route, the method does not: the template where the router exposes the route it matched
   * (plain servlets: the servlet's), {@code unmatched} where it does not (JAX-RS, Spring MVC).
   */
  public static final EndpointLabelCase METHOD_NOT_ALLOWED = new EndpointLabelCase(
      "a 405 is unmatched unless the router names the route", "DELETE", List.of("/api/v1/tables/7/records/1"), 405,
      UNMATCHED);
  /** A sub-resource: the whole chain's template. */
  public static final EndpointLabelCase SUB_RESOURCE = new EndpointLabelCase("a sub-resource gets the full template",
      "GET", List.of("/api/v1/tables/7/columns/3"), 200, COLUMN);
  /**
   * An encoded slash in a path parameter: Jetty 12 and Tomcat 11 reject it with 400 before any filter runs (their
   * defaults), so it is not counted, and never becomes a raw-path label.
   */
  public static final EndpointLabelCase ENCODED_SLASH = new EndpointLabelCase(
      "an encoded slash is rejected by the container, uncounted", "GET", List.of("/api/v1/tables/a%2Fb/records/1"),
      400, null);

  private EndpointLabelCases() {}

  /** Every row, in the README's order. */
  public static List<EndpointLabelCase> all() {
    return List.of(TWO_RECORDS, HANDLER_404, UNKNOWN_PATH, THROWN, METHOD_NOT_ALLOWED, SUB_RESOURCE, ENCODED_SLASH);
  }
}
