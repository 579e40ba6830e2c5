package io.pybase.metrics.servlet;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the route template of every request a servlet serves, the {@code endpoint} label of its HTTP metrics. Read
 * once at start-up from the container's servlet registrations, never per request.
 *
 * <pre>{@code
 * @Route("/api/v1/tables/{tableId}/records/{recordId}")
 * public class RecordServlet extends HttpServlet { ... }   // mapped to /api/v1/tables/*
 * }</pre>
 *
 * <p>A template set per request with {@link RouteTemplates#set} takes precedence.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Route {

  /** The route template, e.g. {@code /api/v1/tables/{tableId}}. */
  String value();
}
