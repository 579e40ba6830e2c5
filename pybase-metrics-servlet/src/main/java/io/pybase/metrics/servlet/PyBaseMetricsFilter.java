package io.pybase.metrics.servlet;

import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
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
 *   <li><b>One request, one count</b>, whatever the dispatch: only the request's own dispatch
 *       ({@code DispatcherType.REQUEST}) is recorded; {@code FORWARD}, {@code INCLUDE}, {@code ERROR} (an error page)
 *       and {@code ASYNC} dispatches of it pass through, so mapping the filter to them changes nothing.</li>
 *   <li><b>The status is the one the client receives</b>: the response status when the chain returns; when the chain
 *       throws, the status the container sends for it, read once the container has handled the exception (see
 *       {@link RequestCompletion}; without that listener, derived from the exception as {@link ThrownStatus}
 *       documents). The exception propagates unchanged.</li>
 *   <li>An async request is recorded once, when its async cycle completes (after a timeout or an error too).</li>
 *   <li>The endpoint is resolved as {@link RouteTemplates} documents; {@link Route} annotations are read once, in
 *       {@link #init}, which also creates the series of every known route at zero
 *       ({@link ServletMetrics#initRoute}).</li>
 *   <li>Excluded paths and (by default) the metrics endpoint are passed through unrecorded, judged by the servlet and
 *       path the container resolved ({@code ;x=1}, {@code //} and {@code %2e} tricks included), never the raw
 *       URI.</li>
 *   <li>A fault in recording never changes the response: it is caught, logged and counted in
 *       {@code pybase_metrics_recording_errors_total}; a fault while starting leaves the filter passing requests
 *       through unrecorded.</li>
 * </ul>
 *
 * <p>The catalogue and settings are fixed in {@link #init}: those given to the constructor; for the no-argument
 * constructor ({@code web.xml}), the context's {@link ServletMetrics} installation if there is one, else the default
 * registry's catalogue and the environment. Map it to {@code /*}, first in the chain, with async support.
 */
public final class PyBaseMetricsFilter implements Filter {

  private static final Logger LOG = Logger.getLogger(PyBaseMetricsFilter.class.getName());

  private final @Nullable Installation installation;
  /** The recorder given to a constructor, or {@code null}: then {@link #init} takes it from the context. */
  private final @Nullable RequestRecorder fixedRecorder;
  private final @Nullable ServletMetricsConfig fixedConfig;
  private volatile @Nullable FilterBinding binding;
  private volatile @Nullable ServletContext context;
  private volatile @Nullable PyBaseMetrics boundMetrics;

  /** For {@code web.xml}: the context's installation, else the default registry's catalogue and the environment. */
  public PyBaseMetricsFilter() {
    this(null, null, null, null);
  }

  /** Records into {@code metrics}, with {@code config}'s exclusions. */
  public PyBaseMetricsFilter(PyBaseMetrics metrics, ServletMetricsConfig config) {
    this(null, metrics, RequestRecorder.of(metrics.http()), config);
  }

  /** Records as {@code installation} says once initialised ({@link ServletMetrics#install}). */
  PyBaseMetricsFilter(Installation installation) {
    this(installation, null, null, null);
  }

  /** Records into {@code recorder}: a seam for tests that need a failing recorder. */
  PyBaseMetricsFilter(RequestRecorder recorder, ServletMetricsConfig config) {
    this(null, null, recorder, config);
  }

  private PyBaseMetricsFilter(@Nullable Installation installation, @Nullable PyBaseMetrics metrics,
      @Nullable RequestRecorder recorder, @Nullable ServletMetricsConfig config) {
    this.installation = installation;
    this.boundMetrics = metrics;
    this.fixedRecorder = recorder;
    this.fixedConfig = config;
    if (recorder != null && config != null) {
      // records before init too (record(...) from benchmarks and custom integrations), by mapping patterns only
      this.binding = new FilterBinding(recorder, EndpointResolver.MAPPINGS_ONLY,
          ExcludedRequests.of(config, List.of()), null, false);
    }
  }

  /**
   * Fixes the catalogue and settings, reads the servlet registrations ({@link Route} annotations, mappings,
   * implemented methods), creates the known routes' series at zero, resolves exclusions. Never fails the context: a
   * fault here is logged and the filter passes every request through unrecorded.
   */
  @Override
  public void init(FilterConfig filterConfig) {
    try {
      bind(filterConfig);
    } catch (Throwable e) {
      FatalErrors.rethrowIfFatal(e);
      binding = null;
      LOG.log(Level.WARNING, "PyBase metrics: the HTTP metrics filter could not start; requests are served "
          + "unrecorded", e);
    }
  }

  private void bind(FilterConfig filterConfig) {
    ServletContext ctx = filterConfig.getServletContext();
    context = ctx;
    Installation source = installation != null ? installation : Installation.of(ctx);
    RequestRecorder recorder;
    ServletMetricsConfig config;
    RequestCompletion completion = null;
    Installation startedFrom = null;
    if (fixedRecorder != null) {
      recorder = fixedRecorder;
      config = Objects.requireNonNull(fixedConfig, "set with fixedRecorder");
    } else if (source != null) {
      source.bind();
      PyBaseMetrics metrics = source.metrics();
      boundMetrics = metrics;
      recorder = RequestRecorder.of(metrics.http());
      config = source.config();
      completion = source.completion();
      startedFrom = source;
    } else {
      PyBaseMetrics metrics = PyBaseMetrics.get();
      boundMetrics = metrics;
      recorder = RequestRecorder.of(metrics.http());
      config = ServletMetricsConfig.fromEnvironment();
    }
    List<RegisteredServlet> servlets = RegisteredServlet.scan(ctx);
    List<String> endpointServlets = new ArrayList<>();
    List<String> endpointPaths = new ArrayList<>();
    for (RegisteredServlet s : servlets) {
      if (s.metricsEndpoint) {
        if (!s.mappings.isEmpty() && s.mappings.stream().allMatch(EndpointResolver::isExactMapping)) {
          endpointPaths.addAll(s.mappings);   // excluded by resolved path: nothing to look up per request
        } else {
          endpointServlets.add(s.name);
        }
      }
    }
    ExcludedRequests excluded = ExcludedRequests.of(config, endpointServlets, endpointPaths);
    KnownRoutes known = KnownRoutes.of(ctx);
    for (RegisteredServlet s : servlets) {
      if (s.router) {
        known.router(s.name);
      }
    }
    FilterBinding b = new FilterBinding(recorder, EndpointResolver.of(servlets, known.routers()), excluded,
        completion, mappedToEveryRequest(ctx, filterConfig.getFilterName()));
    if (recorder.enabled()) {
      known.bind(recorder, servlets, excluded);
    }
    binding = b;
    if (startedFrom != null) {
      startedFrom.filterStarted(b);
    }
  }

  private static boolean mappedToEveryRequest(ServletContext context, String filterName) {
    FilterRegistration registration = context.getFilterRegistration(filterName);
    return registration != null && registration.getUrlPatternMappings().contains("/*");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    FilterBinding b = binding;
    HttpServletRequest request = b == null ? null : recorded(b, req, res);
    if (b == null || request == null) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) res;
    long start = System.nanoTime();
    boolean inFlight = b.started();
    try {
      chain.doFilter(request, response);
    } catch (Throwable t) {
      threw(b, request, response, t, start, inFlight);
      throw t;
    }
    returned(b, request, response, start, inFlight);
  }

  /**
   * The request to record: {@code req} when it is an HTTP request's own dispatch ({@code REQUEST}), recording is on and
   * it is not excluded; else {@code null}, and it passes through unrecorded. Never throws, short of a fatal VM error.
   */
  private static @Nullable HttpServletRequest recorded(FilterBinding b, ServletRequest req, ServletResponse res) {
    try {
      if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse
          && req.getDispatcherType() == DispatcherType.REQUEST) {
        RequestCompletion completion = b.completion;
        if (completion != null) {
          completion.seen();
        }
        return b.recorder.enabled() && !b.excluded.excludes(request) ? request : null;
      }
    } catch (Throwable e) {
      b.fault(e);
    }
    return null;
  }

  /** The chain returned: record now, or when the async cycle completes. Never throws. */
  private void returned(FilterBinding b, HttpServletRequest request, HttpServletResponse response, long start,
      boolean inFlight) {
    try {
      if (request.isAsyncStarted() && finishOnAsyncComplete(b, request, response, start, inFlight)) {
        return;
      }
      b.finish(request, response.getStatus(), start, inFlight);
    } catch (Throwable e) {
      b.fault(e);
    }
  }

  /**
   * The chain threw: the container now turns the exception into a response. Recorded when its async cycle completes,
   * when the container ends the request ({@link RequestCompletion}), or now with the status the exception implies.
   * Never throws.
   */
  private void threw(FilterBinding b, HttpServletRequest request, HttpServletResponse response, Throwable thrown,
      long start, boolean inFlight) {
    try {
      if (request.isAsyncStarted() && finishOnAsyncComplete(b, request, response, start, inFlight)) {
        return;
      }
      if (b.completion != null) {
        request.setAttribute(ThrownRequest.ATTRIBUTE,
            new ThrownRequest(b, request, response, thrown, response.getStatus(), start, inFlight));
        return;
      }
      b.finish(request, ThrownStatus.of(thrown, response), start, inFlight);
    } catch (Throwable e) {
      b.fault(e);
    }
  }

  /**
   * Records one finished request: its method, its endpoint (resolved as {@link RouteTemplates} documents), the
   * response status and the time since {@code startNanos}. The filter's own recording path, public for benchmarks
   * and custom integrations; it does not touch the in-flight gauge. Never throws.
   */
  public void record(HttpServletRequest request, HttpServletResponse response, long startNanos) {
    FilterBinding b = binding;
    if (b == null) {
      return;
    }
    try {
      b.record(request, response.getStatus(), startNanos);
    } catch (Throwable e) {
      b.fault(e);
    }
  }

  /**
   * Releases what the filter holds; when the library belongs to this web application, also closes the default
   * registry's catalogue it recorded into, so an undeployed application leaves nothing registered behind
   * ({@link ServletMetrics#closeWithWebApplication}).
   */
  @Override
  public void destroy() {
    ServletContext ctx = context;
    if (ctx != null) {
      ServletMetrics.closeWithWebApplication(ctx, boundMetrics);
    }
    binding = null;
  }

  /** Registers the completion listener; false when the cycle cannot be followed (then the caller records now). */
  private static boolean finishOnAsyncComplete(FilterBinding b, HttpServletRequest request,
      HttpServletResponse response, long start, boolean inFlight) {
    try {
      AsyncContext async = request.getAsyncContext();
      async.addListener(new AsyncCompletion(b, request, response, start, inFlight), request, response);
      return true;
    } catch (Throwable e) {
      b.fault(e);
      return false;
    }
  }

  /** Records an async request once, when its cycle completes; follows the request across repeated startAsync. */
  private static final class AsyncCompletion implements AsyncListener {
    private final FilterBinding binding;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final long start;
    private final boolean inFlight;
    private final AtomicBoolean recorded = new AtomicBoolean();

    AsyncCompletion(FilterBinding binding, HttpServletRequest request, HttpServletResponse response, long start,
        boolean inFlight) {
      this.binding = binding;
      this.request = request;
      this.response = response;
      this.start = start;
      this.inFlight = inFlight;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      try {
        if (recorded.compareAndSet(false, true)) {
          int status;
          try {
            status = response.getStatus();
          } catch (RuntimeException e) {
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
          }
          binding.finish(request, status, start, inFlight);
        }
      } catch (Throwable e) {
        binding.fault(e);
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
      } catch (Throwable e) {
        binding.fault(e);
      }
    }
  }
}
