package io.pybase.metrics.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The servlet integration's request listener, added to the context by {@link ServletMetrics#install}. A container
 * calls it when a request enters the context and when it leaves, whether or not any filter ran; it does two things
 * the filter alone cannot:
 *
 * <ul>
 *   <li><b>Thrown requests</b>: when the filter chain throws, the container, not the application, decides the status
 *       (an {@code UnavailableException} is a 503, a malformed query string a 400, an exception after
 *       {@code sendError} a 500 in Tomcat...). The filter parks the request ({@link ThrownRequest}) and this listener
 *       records it when the container ends it, reading the status the container set (Tomcat sets it before; Jetty
 *       afterwards, by the rules {@link ThrownStatus} applies).</li>
 *   <li><b>Refused requests</b>: a request the container answers before any filter runs (Tomcat: a servlet marked
 *       unavailable, a context not ready) never reaches the filter. When the filter sees every request of the
 *       context, such a request is counted here, under its servlet's endpoint, with {@code status="unknown"}: no
 *       filter or listener can read the status of a response it never saw.</li>
 * </ul>
 *
 * <p>It marks each request once, when it first enters ({@link #ENTERED_ATTRIBUTE}), and holds it only from its start
 * to its end, on the container's thread, in {@link ThreadLocal}s whose
 * values are the container's own objects, so nothing of a web application outlives it.
 *
 * <pre>{@code
 * context.addListener(new RequestCompletion(installation));   // done by ServletMetrics.install
 * }</pre>
 */
final class RequestCompletion implements ServletRequestListener {

  /**
   * Set on a request when it first enters the context: some containers (Jetty) notify request listeners again for
   * the same request when they dispatch it to an error page or resume it asynchronously, and those re-entries are
   * not new requests.
   */
  static final String ENTERED_ATTRIBUTE = "io.pybase.metrics.servlet.entered";

  private final Installation installation;
  /**
   * The request that entered the context on this thread and that no filter has seen yet. Held per listener, not in a
   * static field: there is one listener per context, for the context's lifetime, and a cross-context dispatch on the
   * same thread must not overwrite the request another context is following.
   */
  @SuppressWarnings("ThreadLocalUsage") // one per servlet context on purpose, as said above
  private final ThreadLocal<ServletRequest> unseen = new ThreadLocal<>();
  /** When it entered, in {@link System#nanoTime()}; one array per thread, reused. */
  @SuppressWarnings("ThreadLocalUsage") // one per servlet context on purpose, as unseen
  private final ThreadLocal<long[]> unseenSince = new ThreadLocal<>();

  RequestCompletion(Installation installation) {
    this.installation = installation;
  }

  @Override
  public void requestInitialized(ServletRequestEvent event) {
    try {
      FilterBinding binding = installation.binding();
      if (binding == null || !binding.seesEveryRequest) {
        return;
      }
      ServletRequest request = event.getServletRequest();
      if (request.getDispatcherType() != DispatcherType.REQUEST || request.getAttribute(ENTERED_ATTRIBUTE) != null) {
        return;
      }
      request.setAttribute(ENTERED_ATTRIBUTE, true);
      long[] since = unseenSince.get();
      if (since == null) {
        since = new long[1];
        unseenSince.set(since);
      }
      since[0] = System.nanoTime();
      unseen.set(request);
    } catch (Throwable e) {
      fault(e);
    }
  }

  /** The filter saw the request of this thread's dispatch. */
  void seen() {
    if (unseen.get() != null) {
      unseen.set(null);
    }
  }

  @Override
  public void requestDestroyed(ServletRequestEvent event) {
    try {
      ServletRequest request = event.getServletRequest();
      Object thrown = request.getAttribute(ThrownRequest.ATTRIBUTE);
      if (thrown instanceof ThrownRequest parked) {
        request.removeAttribute(ThrownRequest.ATTRIBUTE);
        parked.complete(request);
      }
      ServletRequest pending = unseen.get();
      if (pending != null) {
        unseen.set(null);
        if (pending == request && request instanceof HttpServletRequest httpRequest) {
          refused(httpRequest, unseenSince.get()[0]);
        }
      }
    } catch (Throwable e) {
      fault(e);
    }
  }

  /** Counts a request the container answered before the filter ran, unless the filter would have excluded it. */
  private void refused(HttpServletRequest request, long startNanos) {
    FilterBinding binding = installation.binding();
    if (binding == null || !binding.recorder.enabled() || binding.excluded.excludes(request)) {
      return;
    }
    binding.record(request, 0, startNanos);
  }

  private void fault(Throwable e) {
    FilterBinding binding = installation.binding();
    if (binding != null) {
      binding.fault(e);
    } else {
      FatalErrors.rethrowIfFatal(e);
    }
  }
}
