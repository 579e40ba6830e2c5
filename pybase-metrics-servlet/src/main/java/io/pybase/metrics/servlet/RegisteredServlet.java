package io.pybase.metrics.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * What the filter reads once, at start-up, from one servlet registration of its context: the servlet's {@link Route}
 * template, its mapping patterns, and the HTTP methods it implements (the {@code doGet}, {@code doPost}, ...
 * methods its class overrides, for an {@link HttpServlet}). Read without instantiating anything; a class that cannot
 * be loaded is read as having no template and no methods.
 *
 * <pre>{@code
 * for (RegisteredServlet s : RegisteredServlet.scan(context)) {
 *   s.methods();   // [GET, POST] for a servlet that overrides doGet and doPost
 * }
 * }</pre>
 */
final class RegisteredServlet {

  private static final Logger LOG = Logger.getLogger(RegisteredServlet.class.getName());

  /** The {@code doX} methods of {@link HttpServlet} and the HTTP method each one serves. */
  private static final Map<String, String> HANDLERS = Map.of(
      "doGet", "GET", "doHead", "HEAD", "doPost", "POST", "doPut", "PUT", "doDelete", "DELETE",
      "doPatch", "PATCH", "doOptions", "OPTIONS", "doTrace", "TRACE");

  /** The parameters of every {@code doX} method of {@link HttpServlet}. */
  private static final Class<?>[] HANDLER_PARAMETERS = {HttpServletRequest.class, HttpServletResponse.class};

  /**
   * Spring MVC's front controller, named without a dependency on Spring: its handler mappings name the routes (read at
   * start-up by the Spring Boot starter), so its own mapping ({@code /}, or {@code /app/*} for
   * {@code spring.mvc.servlet.path=/app}) is no route.
   */
  static final String SPRING_FRAMEWORK_SERVLET = "org.springframework.web.servlet.FrameworkServlet";

  final String name;
  /** The {@link Route} template, or {@code null}. */
  final @Nullable String route;
  final Collection<String> mappings;
  final Set<String> methods;
  final boolean metricsEndpoint;
  /** Whether the servlet is a router whose routes are not its mappings (Spring MVC's {@code DispatcherServlet}). */
  final boolean router;

  private RegisteredServlet(String name, @Nullable String route, Collection<String> mappings, Set<String> methods,
      boolean metricsEndpoint, boolean router) {
    this.name = name;
    this.route = route;
    this.mappings = mappings;
    this.methods = methods;
    this.metricsEndpoint = metricsEndpoint;
    this.router = router;
  }

  /** Every servlet registered in {@code context}. */
  static List<RegisteredServlet> scan(ServletContext context) {
    ClassLoader loader = context.getClassLoader();
    if (loader == null) {
      loader = RegisteredServlet.class.getClassLoader();
    }
    List<RegisteredServlet> servlets = new ArrayList<>();
    for (ServletRegistration registration : context.getServletRegistrations().values()) {
      String className = registration.getClassName();
      String route = null;
      Set<String> methods = Set.of();
      boolean router = false;
      if (className != null) {
        try {
          Class<?> type = Class.forName(className, false, loader);
          Route annotation = type.getAnnotation(Route.class);
          if (annotation != null && !annotation.value().isEmpty()) {
            route = annotation.value();
          }
          methods = implementedMethods(type);
          router = isSubclassOf(type, SPRING_FRAMEWORK_SERVLET);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
          LOG.log(Level.FINE, "Cannot read servlet class " + className + " of " + registration.getName(), e);
        }
      }
      servlets.add(new RegisteredServlet(registration.getName(), route, List.copyOf(registration.getMappings()),
          methods, MetricsEndpointServlet.class.getName().equals(className)
              || ServletMetrics.ENDPOINT_NAME.equals(registration.getName()), router));
    }
    return servlets;
  }

  /**
   * The {@code endpoint} label of requests a mapping pattern matches, as {@link EndpointResolver} resolves it when no
   * template is set: the pattern itself, {@code /} for the context root ({@code ""}), {@code null} for the default
   * servlet ({@code /}), whose requests are {@code not_found} or {@code unmatched}.
   */
  static @Nullable String endpointOfMapping(@Nullable String pattern) {
    if (pattern == null || pattern.equals("/")) {
      return null;
    }
    return pattern.isEmpty() ? "/" : pattern;
  }

  /** Whether {@code type} is, or extends, the class named {@code className}. */
  private static boolean isSubclassOf(Class<?> type, String className) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  /** The HTTP methods whose {@code doX} method {@code type} (an {@link HttpServlet}) overrides; empty otherwise. */
  private static Set<String> implementedMethods(Class<?> type) {
    if (!HttpServlet.class.isAssignableFrom(type)) {
      return Set.of();
    }
    Set<String> methods = new LinkedHashSet<>();
    for (Class<?> c = type; c != null && c != HttpServlet.class; c = c.getSuperclass()) {
      for (Method declared : c.getDeclaredMethods()) {
        String method = HANDLERS.get(declared.getName());
        if (method != null && Arrays.equals(declared.getParameterTypes(), HANDLER_PARAMETERS)) {
          methods.add(method);
        }
      }
    }
    return Set.copyOf(methods);
  }
}
