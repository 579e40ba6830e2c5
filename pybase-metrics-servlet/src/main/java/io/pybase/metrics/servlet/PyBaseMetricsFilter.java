package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.http.HttpMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records {@code http_requests_total{method,endpoint,status}}, {@code api_latency_histogram{method,endpoint}} and
 * {@code http_requests_in_flight} for every request it sees.
 *
 * <pre>{@code
 * // usually installed for you (ServletMetrics.install, or the ServletContainerInitializer); by hand:
 * FilterRegistration.Dynamic f = context.addFilter("pybaseMetrics", new PyBaseMetricsFilter());
 * f.setAsyncSupported(true);
 * f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <ul>
 *   <li>The status is the one the client receives: the response status; 500 when the chain throws before the response
 *       is committed (the exception then propagates unchanged).</li>
 *   <li>An async request is recorded once, when its async cycle completes (after a timeout or an error too).</li>
 *   <li>The endpoint is resolved as {@link RouteTemplates} documents; {@link Route} annotations are read once, in
 *       {@link #init}.</li>
 *   <li>Excluded paths and (by default) the metrics endpoint are passed through unrecorded.</li>
 *   <li>A fault in recording never changes the response: it is caught, logged and counted in {@code pybase_metrics_recording_errors_total}.</li>
 * </ul>
 *
 * <p>Map it for {@code DispatcherType.REQUEST} only, first in the chain, with async support.
 */
public final class PyBaseMetricsFilter implements Filter {

  private static final Logger LOG = Logger.getLogger(PyBaseMetricsFilter.class.getName());

  private final HttpMetrics http;
  private final ServletMetricsConfig config;
  private final String metricsPath;
  private final AtomicBoolean faultLogged = new AtomicBoolean();
  private volatile EndpointResolver resolver = EndpointResolver.MAPPINGS_ONLY;
  private volatile String[] excludedExact = new String[0];
  private volatile String[] excludedPrefixes = new String[0];

  /** The default registry's catalogue, settings from the environment: for {@code web.xml}. */
  public PyBaseMetricsFilter() {
    this(PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment());
  }

  /** Records into {@code metrics}, with {@code config}'s exclusions. */
  public PyBaseMetricsFilter(PyBaseMetrics metrics, ServletMetricsConfig config) {
    this(metrics.http(), config, config.metricsPath(metrics.config()));
  }

  /** Records into {@code http}; a seam for tests that need a failing recorder. */
  PyBaseMetricsFilter(HttpMetrics http, ServletMetricsConfig config, String metricsPath) {
    this.http = http;
    this.config = config;
    this.metricsPath = metricsPath;
    exclusions("");
  }

  /** Reads the {@link Route} annotations of the context's servlets and resolves exclusions against its path. */
  @Override
  public void init(FilterConfig filterConfig) {
    resolver = EndpointResolver.fromRegistrations(filterConfig.getServletContext());
    exclusions(filterConfig.getServletContext().getContextPath());
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!http.enabled() || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
        || excluded((HttpServletRequest) req)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    long start = System.nanoTime();
    boolean inFlight = started();
    boolean completesLater;
    try {
      chain.doFilter(request, response);
      completesLater = request.isAsyncStarted() && finishOnAsyncComplete(request, response, start, inFlight);
    } catch (Throwable t) {
      finish(request, statusOnThrow(response), start, inFlight);
      throw t;
    }
    if (!completesLater) {
      finish(request, response.getStatus(), start, inFlight);
    }
  }

  /**
   * Records one finished request: its method, its endpoint (resolved as {@link RouteTemplates} documents), the
   * response status and the time since {@code startNanos}. The filter's own recording path, public for benchmarks
   * and custom integrations; it does not touch the in-flight gauge. Never throws.
   */
  public void record(HttpServletRequest request, HttpServletResponse response, long startNanos) {
    try {
      record(request, response.getStatus(), startNanos);
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  private void record(HttpServletRequest request, int status, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    String endpoint;
    try {
      endpoint = resolver.resolve(request, status);
    } catch (RuntimeException e) {
      fault(e);
      endpoint = status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
    }
    http.requestFinished(request.getMethod(), endpoint, status, elapsed);
  }

  @Override
  public void destroy() {
    // nothing held
  }

  private boolean excluded(HttpServletRequest request) {
    String[] exact = excludedExact;
    String[] prefixes = excludedPrefixes;
    if (exact.length == 0 && prefixes.length == 0) {
      return false;
    }
    String uri;
    try {
      uri = request.getRequestURI();
    } catch (RuntimeException e) {
      return false;
    }
    if (uri == null) {
      return false;
    }
    for (String e : exact) {
      if (uri.equals(e)) {
        return true;
      }
    }
    for (String p : prefixes) {
      if (uri.startsWith(p) && (uri.length() == p.length() || uri.charAt(p.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /** Prefix {@code /static/*} is stored as {@code <context>/static}; it matches {@code /static} and all below it. */
  private void exclusions(String contextPath) {
    String base = contextPath == null ? "" : contextPath;
    List<String> exact = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (config.excludeMetricsEndpoint() && metricsPath != null) {
      exact.add(base + metricsPath);
    }
    for (String path : config.excludedPaths()) {
      if (path.endsWith("/*")) {
        prefixes.add(base + path.substring(0, path.length() - 2));
      } else {
        exact.add(base + path);
      }
    }
    excludedExact = exact.toArray(new String[0]);
    excludedPrefixes = prefixes.toArray(new String[0]);
  }

  private boolean started() {
    try {
      http.inFlightStarted();
      return true;
    } catch (RuntimeException | LinkageError e) {
      fault(e);
      return false;
    }
  }

  private void finish(HttpServletRequest request, int status, long start, boolean inFlight) {
    try {
      if (inFlight) {
        http.inFlightEnded();
      }
      record(request, status, start);
    } catch (RuntimeException | LinkageError e) {
      fault(e);
    }
  }

  private static int statusOnThrow(HttpServletResponse response) {
    try {
      return response.isCommitted() ? response.getStatus() : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    } catch (RuntimeException e) {
      return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }
  }

  /** Registers the completion listener; false when the cycle cannot be followed (then the caller records now). */
  private boolean finishOnAsyncComplete(HttpServletRequest request, HttpServletResponse response, long start,
      boolean inFlight) {
    try {
      AsyncContext async = request.getAsyncContext();
      async.addListener(new AsyncCompletion(request, response, start, inFlight), request, response);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void fault(Throwable e) {
    http.recordingFailed();
    if (faultLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "HTTP metrics recording failed; the request was served unchanged. "
          + "Later failures are logged at FINE.", e);
    } else {
      LOG.log(Level.FINE, "HTTP metrics recording failed", e);
    }
  }

  /** Records an async request once, when its cycle completes; follows the request across repeated startAsync. */
  private final class AsyncCompletion implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long start;
    private final boolean inFlight;
    private final AtomicBoolean recorded = new AtomicBoolean();

    AsyncCompletion(HttpServletRequest request, HttpServletResponse response, long start, boolean inFlight) {
      this.request = request;
      this.response = response;
      this.start = start;
      this.inFlight = inFlight;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      if (recorded.compareAndSet(false, true)) {
        int status;
        try {
          status = response.getStatus();
        } catch (RuntimeException e) {
          status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        finish(request, status, start, inFlight);
      }
    }

    /** The container completes the cycle after a timeout (500 unless a listener answers); onComplete records it. */
    @Override
    public void onTimeout(AsyncEvent event) {
      // recorded by onComplete, with the status the client receives
    }

    /** The container completes the cycle after an error too; onComplete records it. */
    @Override
    public void onError(AsyncEvent event) {
      // recorded by onComplete, with the status the client receives
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      try {
        event.getAsyncContext().addListener(this, request, response);
      } catch (RuntimeException e) {
        fault(e);
      }
    }
  }
}
