package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the annotations of resource classes say about their routes before any request: the HTTP methods of a resource
 * method ({@code @GET}, {@code @POST}, any annotation carrying {@link HttpMethod}), and the sub-resource methods reached
 * through the sub-resource locators of a root resource class, with their templates relative to the application path.
 *
 * <p>A locator is followed when its declared return type is a resource class (or interface): a locator returning
 * {@code Object}, {@code Class}, a type variable or any other {@code java.*} type names its sub-resource only at run
 * time, so what it leads to is not knowable at start-up. Recursive locators (a tree of nodes) are followed once per chain, {@value #MAX_LOCATOR_DEPTH} deep at
 * most.
 *
 * <pre>{@code
 * ResourceRoutes.httpMethods(TablesResource.class, getRecord);        // [GET]
 * ResourceRoutes.throughLocators(TablesResource.class);
 *     // [GET /tables/{tableId}/columns/{columnId}]: the locator columns(), then ColumnsResource's @GET method
 * }</pre>
 */
final class ResourceRoutes {

  /** Locators followed in one chain at most. */
  static final int MAX_LOCATOR_DEPTH = 8;

  /** One route: an HTTP method and a template relative to the application path. */
  record Route(String method, String template) {}

  private ResourceRoutes() {}

  /**
   * The HTTP methods {@code method} of {@code type} is a resource method for, from its own annotations or, when it has
   * no JAX-RS annotation, those of the method it overrides or implements (JAX-RS annotation inheritance); empty for a
   * sub-resource locator or a method that is no resource method.
   */
  static Set<String> httpMethods(Class<?> type, Method method) {
    Method annotated = RouteTemplate.declaration(type, method, ResourceRoutes::hasJaxRsAnnotation);
    if (annotated == null) {
      return Set.of();
    }
    Set<String> methods = new LinkedHashSet<>();
    for (Annotation a : annotated.getAnnotations()) {
      HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
      if (http != null && !http.value().isBlank()) {
        methods.add(http.value().trim());
      }
    }
    return methods;
  }

  /**
   * The routes of the sub-resource methods {@code rootClass}'s locators lead to, templates relative to the application
   * path ({@code /tables/{tableId}/columns/{columnId}}); empty when it has no locator whose return type says.
   */
  static List<Route> throughLocators(Class<?> rootClass) {
    List<Route> routes = new ArrayList<>();
    Path classPath = RouteTemplate.classPath(rootClass);
    if (classPath == null) {
      return routes;
    }
    Deque<Class<?>> chain = new ArrayDeque<>();
    chain.push(rootClass);
    followLocators(rootClass, RouteTemplate.normalise(classPath.value()), chain, routes);
    return routes;
  }

  /** Adds the routes reached through the locators of {@code type}, served under {@code prefix}. */
  private static void followLocators(Class<?> type, String prefix, Deque<Class<?>> chain, List<Route> routes) {
    for (Method m : type.getMethods()) {
      if (skipped(m) || !httpMethods(type, m).isEmpty()) {
        continue;
      }
      Path path = RouteTemplate.methodPath(type, m);
      Class<?> subResource = m.getReturnType();
      if (path == null || !knowable(subResource) || chain.contains(subResource)
          || chain.size() >= MAX_LOCATOR_DEPTH) {
        continue;
      }
      String template = RouteTemplate.normalise(prefix + "/" + path.value());
      chain.push(subResource);
      for (Method sm : subResource.getMethods()) {
        if (skipped(sm)) {
          continue;
        }
        Set<String> methods = httpMethods(subResource, sm);
        if (!methods.isEmpty()) {
          Path subPath = RouteTemplate.methodPath(subResource, sm);
          String full = subPath == null ? template : RouteTemplate.normalise(template + "/" + subPath.value());
          for (String method : methods) {
            routes.add(new Route(method, full));
          }
        }
      }
      followLocators(subResource, template, chain, routes);
      chain.pop();
    }
  }

  /** Methods of {@code Object} and those the compiler made (bridges), which repeat a declared method. */
  private static boolean skipped(Method m) {
    return m.getDeclaringClass() == Object.class || m.isBridge() || m.isSynthetic();
  }

  /** Whether a locator's declared return type names the sub-resource class the runtime will use. */
  private static boolean knowable(Class<?> type) {
    return !type.isPrimitive() && !type.isArray() && !type.getName().startsWith("java.");
  }

  private static boolean hasJaxRsAnnotation(Method method) {
    for (Annotation a : method.getAnnotations()) {
      Class<? extends Annotation> t = a.annotationType();
      if (t == Path.class || t.isAnnotationPresent(HttpMethod.class)) {
        return true;
      }
    }
    return false;
  }
}
