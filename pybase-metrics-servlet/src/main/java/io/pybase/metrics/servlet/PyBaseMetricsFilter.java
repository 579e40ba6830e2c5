package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Records {@code http_requests_total{method,endpoint,status}}, {@code api_latency_histogram{method,endpoint}} and
 * {@code http_requests_in_flight} for every request it sees.
 *
 * <pre>{@code
 * // usually installed for you (ServletMetrics.install, or the ServletContainerInitializer); by hand:
 * FilterRegistration.Dynamic f = context.addFilter("pybaseMetrics",
 *     new PyBaseMetricsFilter(PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment()));
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
 *   <li>A fault in recording never changes the response: it is caught, logged and counted in
 *       {@code pybase_metrics_recording_errors_total}.</li>
 * </ul>
 *
 * <p>The catalogue and settings are fixed in {@link #init}: those given to the constructor; for the no-argument
 * constructor ({@code web.xml}), the context's {@link ServletMetrics} installation if there is one, else the default
 * registry's catalogue and the environment. Map it for {@code DispatcherType.REQUEST} only, first in the chain, with
 * async support.
 */
public final class PyBaseMetricsFilter implements Filter {

  private static final Logger LOG = Logger.getLogger(PyBaseMetricsFilter.class.getName());

  private final @Nullable Installation installation;
  private final @Nullable PyBaseMetrics fixedMetrics;
  private final @Nullable ServletMetricsConfig fixedConfig;
  private final @Nullable RequestRecorder fixedRecorder;
  private final AtomicBoolean faultLogged = new AtomicBoolean();
  private volatile @Nullable Binding binding;

  /** For {@code web.xml}: the context's installation, else the default registry's catalogue and the environment. */
  public PyBaseMetricsFilter() {
    this(null, null, null, null);
  }

  /** Records into {@code metrics}, with {@code config}'s exclusions. */
  public PyBaseMetricsFilter(PyBaseMetrics metrics, ServletMetricsConfig config) {
    this(null, metrics, config, null);
    binding = new Binding(RequestRecorder.of(metrics.http()), config, EndpointResolver.MAPPINGS_ONLY, "");
  }

  /** Records as {@code installation} says once initialised ({@link ServletMetrics#install}). */
  PyBaseMetricsFilter(Installation installation) {
    this(installation, null, null, null);
  }

  /** Records into {@code recorder}: a seam for tests that need a failing recorder. */
  PyBaseMetricsFilter(RequestRecorder recorder, ServletMetricsConfig config) {
    this(null, null, config, recorder);
    binding = new Binding(recorder, config, EndpointResolver.MAPPINGS_ONLY, "");
  }

  private PyBaseMetricsFilter(@Nullable Installation installation, @Nullable PyBaseMetrics metrics,
      @Nullable ServletMetricsConfig config, @Nullable RequestRecorder recorder) {
    this.installation = installation;
    this.fixedMetrics = metrics;
    this.fixedConfig = config;
    this.fixedRecorder = recorder;
  }

  /** Fixes the catalogue and settings, reads the {@link Route} annotations, resolves exclusions. */
  @Override
  public void init(FilterConfig filterConfig) {
    ServletContext context = filterConfig.getServletContext();
    Installation source = installation != null ? installation : Installation.of(context);
    RequestRecorder recorder;
    ServletMetricsConfig config;
    if (fixedRecorder != null) {
      recorder = fixedRecorder;
      config = Objects.requireNonNull(fixedConfig); // the constructors set both or neither
    } else if (fixedMetrics != null) {
      recorder = RequestRecorder.of(fixedMetrics.http());
      config = Objects.requireNonNull(fixedConfig);
    } else if (source != null) {
      source.bind();
      recorder = RequestRecorder.of(source.metrics().http());
      config = source.config();
    } else {
      recorder = RequestRecorder.of(PyBaseMetrics.get().http());
      config = ServletMetricsConfig.fromEnvironment();
    }
    binding = new Binding(recorder, config, EndpointResolver.fromRegistrations(context), context.getContextPath());
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Binding b = binding;
    if (b == null || !b.recorder.enabled() || !(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response) || b.excluded(request)) {
      chain.doFilter(req, res);
      return;
    }
    long start = System.nanoTime();
    boolean inFlight = started(b);
    boolean completesLater;
    try {
      chain.doFilter(request, response);
      completesLater = request.isAsyncStarted() && finishOnAsyncComplete(b, request, response, start, inFlight);
    } catch (Throwable t) {
      finish(b, request, statusOnThrow(response), start, inFlight);
      throw t;
    }
    if (!completesLater) {
      finish(b, request, response.getStatus(), start, inFlight);
    }
  }

  /**
   * Records one finished request: its method, its endpoint (resolved as {@link RouteTemplates} documents), the
   * response status and the time since {@code startNanos}. The filter's own recording path, public for benchmarks
   * and custom integrations; it does not touch the in-flight gauge. Never throws.
   */
  public void record(HttpServletRequest request, HttpServletResponse response, long startNanos) {
    Binding b = binding;
    if (b == null) {
      return;
    }
    try {
      record(b, request, response.getStatus(), startNanos);
    } catch (Throwable e) {
      fault(b, e);
    }
  }

  private void record(Binding b, HttpServletRequest request, int status, long startNanos) {
    long elapsed = System.nanoTime() - startNanos;
    String endpoint;
    try {
      endpoint = b.resolver.resolve(request, status);
    } catch (Throwable e) {
      fault(b, e);
      endpoint = status == 404 ? RouteTemplates.NOT_FOUND : RouteTemplates.UNMATCHED;
    }
    b.recorder.finished(request.getMethod(), endpoint, status, elapsed);
  }

  @Override
  public void destroy() {
    // nothing held
  }

  private boolean started(Binding b) {
    try {
      b.recorder.started();
      return true;
    } catch (Throwable e) {
      fault(b, e);
      return false;
    }
  }

  private void finish(Binding b, HttpServletRequest request, int status, long start, boolean inFlight) {
    try {
      if (inFlight) {
        b.recorder.ended();
      }
      record(b, request, status, start);
    } catch (Throwable e) {
      fault(b, e);
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
  private boolean finishOnAsyncComplete(Binding b, HttpServletRequest request, HttpServletResponse response,
      long start, boolean inFlight) {
    try {
      AsyncContext async = request.getAsyncContext();
      async.addListener(new AsyncCompletion(b, request, response, start, inFlight), request, response);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void fault(Binding b, Throwable e) {
    if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
      throw fatal;
    }
    try {
      b.recorder.failed(e);
    } catch (Throwable ignored) {
      // the recorder itself is broken; the request is unaffected either way
    }
    if (faultLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "HTTP metrics recording failed; the request was served unchanged. "
          + "Later failures are logged at FINE.", e);
    } else {
      LOG.log(Level.FINE, "HTTP metrics recording failed", e);
    }
  }

  /** The catalogue, settings and exclusions the filter records with, fixed at {@link #init}. */
  private static final class Binding {
    final RequestRecorder recorder;
    final EndpointResolver resolver;
    private final String[] excludedExact;
    private final String[] excludedPrefixes;

    /** Prefix {@code /static/*} is stored as {@code <context>/static}; it matches {@code /static} and all below. */
    Binding(RequestRecorder recorder, ServletMetricsConfig config, EndpointResolver resolver,
        @Nullable String contextPath) {
      this.recorder = recorder;
      this.resolver = resolver;
      String base = contextPath == null ? "" : contextPath;
      List<String> exact = new ArrayList<>();
      List<String> prefixes = new ArrayList<>();
      if (config.excludeMetricsEndpoint()) {
        exact.add(base + config.metricsPath());
      }
      for (String path : config.excludedPaths()) {
        if (path.endsWith("/*")) {
          prefixes.add(base + path.substring(0, path.length() - 2));
        } else {
          exact.add(base + path);
        }
      }
      this.excludedExact = exact.toArray(new String[0]);
      this.excludedPrefixes = prefixes.toArray(new String[0]);
    }

    boolean excluded(HttpServletRequest request) {
      if (excludedExact.length == 0 && excludedPrefixes.length == 0) {
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
      for (String e : excludedExact) {
        if (uri.equals(e)) {
          return true;
        }
      }
      for (String p : excludedPrefixes) {
        if (uri.startsWith(p) && (uri.length() == p.length() || uri.charAt(p.length()) == '/')) {
          return true;
        }
      }
      return false;
    }
  }

  /** Records an async request once, when its cycle completes; follows the request across repeated startAsync. */
  private final class AsyncCompletion implements AsyncListener {
    private final Binding binding;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long start;
    private final boolean inFlight;
    private final AtomicBoolean recorded = new AtomicBoolean();

    AsyncCompletion(Binding binding, HttpServletRequest request, HttpServletResponse response, long start,
        boolean inFlight) {
      this.binding = binding;
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
        finish(binding, request, status, start, inFlight);
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
        fault(binding, e);
      }
    }
  }
}
