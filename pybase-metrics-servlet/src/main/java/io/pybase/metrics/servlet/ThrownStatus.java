package io.pybase.metrics.servlet;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The status a Servlet container sends for a request whose filter chain threw, for when the filter cannot watch the
 * container send it ({@link RequestCompletion} watches when it can).
 *
 * <ol>
 *   <li>a response already committed keeps the status it was sent with;</li>
 *   <li>otherwise the first exception in the cause chain that names a status decides it: an
 *       {@link UnavailableException} means 404 when permanent and 503 when temporary (Servlet specification), an
 *       exception that carries its own HTTP status by a container's convention gives that status (Jetty's
 *       {@code org.eclipse.jetty.http.HttpException#getCode()}, such as the 400 of a malformed query string; Tomcat's
 *       {@code org.apache.tomcat.util.http.InvalidParameterException#getErrorCode()}), read without a compile
 *       dependency;</li>
 *   <li>anything else is 500.</li>
 * </ol>
 *
 * <p>These are Jetty 12's rules exactly. Tomcat differs in corner cases (it unwraps one level only, and a throw after
 * {@code sendError} becomes 500), which {@link RequestCompletion} sees. Container classes are looked up by name once
 * per exception class, in a weak cache: no reflection per request, no class loader kept alive.
 *
 * <pre>{@code
 * int status = ThrownStatus.of(thrown, response);   // 400 for Jetty's BadMessageException(400)
 * }</pre>
 */
final class ThrownStatus {

  private static final String JETTY_HTTP_EXCEPTION = "org.eclipse.jetty.http.HttpException";
  private static final String TOMCAT_INVALID_PARAMETER = "org.apache.tomcat.util.http.InvalidParameterException";
  private static final int MAX_CAUSES = 32;
  /** Each exception class's status accessor, empty when it has none; keyed weakly, values refer to container types. */
  private static final Map<Class<?>, Optional<Method>> ACCESSORS = new WeakHashMap<>();

  private ThrownStatus() {}

  /** The status the container derives from {@code thrown} for {@code response}. Never throws. */
  static int of(Throwable thrown, HttpServletResponse response) {
    try {
      if (response.isCommitted()) {
        return response.getStatus();
      }
    } catch (RuntimeException e) {
      // a response that cannot tell: derive from the exception
    }
    return fromException(thrown);
  }

  /**
   * The status of a thrown request once the container is done with it: what the response says when the container
   * has visibly handled the failure (the response is committed, the container set the error attributes, or it changed
   * the status the response had when the chain threw), else {@link #of}.
   */
  static int observed(Throwable thrown, ServletRequest request, HttpServletResponse response, int statusAtThrow) {
    try {
      int status = response.getStatus();
      if (response.isCommitted() || status != statusAtThrow
          || request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null
          || request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) != null) {
        return status;
      }
    } catch (RuntimeException e) {
      // fall back to the exception
    }
    return of(thrown, response);
  }

  /** The status named by {@code thrown} or its causes; 500 when none names one. */
  static int fromException(Throwable thrown) {
    Throwable t = thrown;
    for (int i = 0; t != null && i < MAX_CAUSES; i++) {
      if (t instanceof UnavailableException unavailable) {
        return unavailable.isPermanent() ? HttpServletResponse.SC_NOT_FOUND
            : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
      }
      int declared = declaredStatus(t);
      if (declared >= 100 && declared <= 599) {
        return declared;
      }
      Throwable cause = t.getCause();
      t = cause == t ? null : cause;
    }
    return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
  }

  private static int declaredStatus(Throwable t) {
    Method accessor = accessorOf(t.getClass());
    if (accessor == null) {
      return 0;
    }
    try {
      return accessor.invoke(t) instanceof Integer status ? status : 0;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return 0;
    }
  }

  /** The status accessor of {@code type}, or {@code null} when it has none; looked up once per type. */
  private static @Nullable Method accessorOf(Class<?> type) {
    synchronized (ACCESSORS) {
      Optional<Method> known = ACCESSORS.get(type);
      if (known != null) {
        return known.orElse(null);
      }
    }
    Method found = find(type);
    synchronized (ACCESSORS) {
      ACCESSORS.put(type, Optional.ofNullable(found));
    }
    return found;
  }

  /** The public status accessor a container declares for {@code type}, looked up on the container's own type. */
  private static @Nullable Method find(Class<?> type) {
    for (Class<?> c = type; c != null && c != Throwable.class; c = c.getSuperclass()) {
      if (TOMCAT_INVALID_PARAMETER.equals(c.getName())) {
        return publicMethod(c, "getErrorCode");
      }
      Method fromInterface = fromInterfaces(c);
      if (fromInterface != null) {
        return fromInterface;
      }
    }
    return null;
  }

  private static @Nullable Method fromInterfaces(Class<?> c) {
    for (Class<?> i : c.getInterfaces()) {
      if (JETTY_HTTP_EXCEPTION.equals(i.getName())) {
        return publicMethod(i, "getCode");
      }
      Method inherited = fromInterfaces(i);
      if (inherited != null) {
        return inherited;
      }
    }
    return null;
  }

  private static @Nullable Method publicMethod(Class<?> declaring, String name) {
    try {
      Method m = declaring.getMethod(name);
      return m.getReturnType() == int.class ? m : null;
    } catch (NoSuchMethodException | SecurityException | LinkageError e) {
      return null;
    }
  }
}
