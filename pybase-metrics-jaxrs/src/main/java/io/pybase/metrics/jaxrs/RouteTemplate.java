package io.pybase.metrics.jaxrs;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Builds the route template of a resource method from its {@link Path} annotations, once, at deployment: the class
 * {@code @Path} joined with the method {@code @Path}, regular expressions dropped ({@code {id: [0-9]+}} becomes
 * {@code {id}}), slashes normalised.
 */
final class RouteTemplate {

  private RouteTemplate() {}

  /** The {@code @Path} of {@code type}, its superclasses or interfaces (RESTEasy allows the latter); null if none. */
  static @Nullable Path classPath(Class<?> type) {
    for (Class<?> c : hierarchy(type)) {
      Path path = c.getAnnotation(Path.class);
      if (path != null) {
        return path;
      }
    }
    return null;
  }

  /**
   * The {@code @Path} of {@code method} or of the method it overrides or implements (JAX-RS annotation inheritance);
   * null if none.
   */
  static @Nullable Path methodPath(Class<?> type, Method method) {
    Method declared = declaration(type, method, m -> m.isAnnotationPresent(Path.class));
    return declared == null ? null : declared.getAnnotation(Path.class);
  }

  /**
   * {@code method} of {@code type} when {@code annotated} holds for it, else the first method it overrides or implements
   * for which it holds, superclasses and interfaces searched breadth first; null if none.
   */
  static @Nullable Method declaration(Class<?> type, Method method, Predicate<Method> annotated) {
    if (annotated.test(method)) {
      return method;
    }
    for (Class<?> c : hierarchy(type, method.getDeclaringClass())) {
      try {
        Method declared = c.getMethod(method.getName(), method.getParameterTypes());
        if (annotated.test(declared)) {
          return declared;
        }
      } catch (NoSuchMethodException e) {
        // not declared public here; look further up
      }
    }
    return null;
  }

  /** {@code start}, then their superclasses ({@code Object} left out) and interfaces, breadth first. */
  private static List<Class<?>> hierarchy(Class<?>... start) {
    List<Class<?>> types = new ArrayList<>(List.of(start));
    for (int i = 0; i < types.size(); i++) {
      Class<?> c = types.get(i);
      if (c.getSuperclass() != null && c.getSuperclass() != Object.class) {
        types.add(c.getSuperclass());
      }
      types.addAll(List.of(c.getInterfaces()));
    }
    return types;
  }

  /** The template of a resource method of a root resource class: class path then method path. */
  static String of(Path classPath, @Nullable Path methodPath) {
    StringBuilder sb = new StringBuilder();
    append(sb, classPath.value());
    append(sb, methodPath == null ? "" : methodPath.value());
    return sb.length() == 0 ? "/" : sb.toString();
  }

  /**
   * {@code template} normalised: one leading slash, no trailing or doubled slashes, parameters without their regular
   * expressions or blanks. {@code "/"} for an empty template.
   */
  static String normalise(String template) {
    StringBuilder sb = new StringBuilder(template.length());
    append(sb, template);
    return sb.length() == 0 ? "/" : sb.toString();
  }

  /** Appends {@code part}'s segments to {@code sb}, each after one slash, parameters stripped of regexes. */
  private static void append(StringBuilder sb, String part) {
    int i = 0;
    int n = part.length();
    boolean segmentOpen = false;
    while (i < n) {
      char c = part.charAt(i);
      if (c == '/') {
        segmentOpen = false;
        i++;
      } else {
        if (!segmentOpen) {
          sb.append('/');
          segmentOpen = true;
        }
        if (c == '{') {
          i = appendParameter(sb, part, i);
        } else {
          sb.append(c);
          i++;
        }
      }
    }
  }

  /** Appends {@code {name}} for the parameter starting at {@code open}; returns the index after its closing brace. */
  private static int appendParameter(StringBuilder sb, String part, int open) {
    int depth = 0;
    int colon = -1;
    int close = part.length();
    for (int j = open; j < part.length(); j++) {
      char c = part.charAt(j);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          close = j;
          break;
        }
      } else if (c == ':' && depth == 1 && colon < 0) {
        colon = j;
      }
    }
    int nameEnd = colon >= 0 ? colon : close;
    sb.append('{').append(part, open + 1, nameEnd).append('}');
    // drop blanks around the name: "{ id : \\d+ }" -> "{id}"
    int start = sb.lastIndexOf("{") + 1;
    String name = sb.substring(start, sb.length() - 1).trim();
    sb.setLength(start);
    sb.append(name).append('}');
    return Math.min(close + 1, part.length());
  }
}
