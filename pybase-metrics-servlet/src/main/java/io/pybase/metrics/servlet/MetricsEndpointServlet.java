package io.pybase.metrics.servlet;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.exporter.servlet.jakarta.HttpExchangeAdapter;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.endpoint.ScrapeAuthentication;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The metrics endpoint: client_java's {@link PrometheusScrapeHandler} (text, OpenMetrics and protobuf by the
 * {@code Accept} header, gzip by {@code Accept-Encoding}, {@code name[]} filters) for the catalogue's registry,
 * behind the credentials of the shared endpoint policy ({@link ScrapeAuthentication}). With
 * {@code PROMETHEUS_ENABLED=false} it answers 404.
 *
 * <pre>{@code
 * // normally added by ServletMetrics.install; by hand:
 * context.addServlet("metrics", new MetricsEndpointServlet(PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment()))
 *     .addMapping("/api/v1/metrics");
 * }</pre>
 *
 * <p>Without the configured credentials a scrape gets 401 with a {@code WWW-Authenticate} challenge. The registry and
 * credentials are fixed in {@link #init}: those given to the constructor; for the no-argument constructor
 * ({@code web.xml}), the context's {@link ServletMetrics} installation if there is one, else the default registry's
 * catalogue and the environment.
 */
public class MetricsEndpointServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = Logger.getLogger(MetricsEndpointServlet.class.getName());

  private final transient @Nullable Installation installation;
  /** What a constructor was given to serve, or {@code null}: then {@link #init} takes it from the context. */
  private final transient @Nullable Binding fixedBinding;
  private transient volatile @Nullable Binding binding;
  private final transient AtomicBoolean faultLogged = new AtomicBoolean();

  /** Writes the exposition of a scrape: client_java's scrape handler, or a failing one in tests. */
  interface Exposition {
    void write(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

  /** For {@code web.xml}: the context's installation, else the default registry's catalogue and the environment. */
  public MetricsEndpointServlet() {
    this((Installation) null, null);
  }

  /** Serves {@code metrics.registry()}, protected as {@code config} says. */
  public MetricsEndpointServlet(PyBaseMetrics metrics, ServletMetricsConfig config) {
    this(null, new Binding(metrics, config, null, null));
  }

  /** Serves {@code metrics} through {@code exposition}: a seam for tests that need a failing exposition. */
  MetricsEndpointServlet(PyBaseMetrics metrics, ServletMetricsConfig config, Exposition exposition) {
    this(null, new Binding(metrics, config, null, exposition));
  }

  /** Serves as {@code installation} says once initialised ({@link ServletMetrics#install}). */
  MetricsEndpointServlet(Installation installation) {
    this(installation, null);
  }

  private MetricsEndpointServlet(@Nullable Installation installation, @Nullable Binding fixed) {
    this.installation = installation;
    this.fixedBinding = fixed;
    this.binding = fixed;
  }

  @Override
  public void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    if (fixedBinding != null) {
      return;   // serves what it was constructed with: nothing to read from the context
    }
    Installation source = installation != null ? installation : Installation.of(servletConfig.getServletContext());
    PyBaseMetrics metrics;
    ServletMetricsConfig config;
    String onlyPath = null;
    if (source != null) {
      source.bind();
      metrics = source.metrics();
      config = source.config();
      if (installation != null) {
        onlyPath = config.metricsPath(); // a replaced automatic installation may have left an older mapping
      }
    } else {
      metrics = PyBaseMetrics.get();
      config = ServletMetricsConfig.fromEnvironment();
    }
    binding = new Binding(metrics, config, onlyPath, null);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Binding b = binding;
    if (b == null || !b.enabled || !b.serves(request)) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!b.authentication.permits(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", b.authentication.challenge());
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    try {
      b.exposition.write(request, response);
    } catch (IOException e) {
      throw e; // the scraper went away: the container handles it like any broken connection
    } catch (Throwable e) {
      failed(b, response, e);
    }
  }

  /**
   * The exposition itself failed (a collector of someone else's, a class missing from the classpath): the scrape is
   * answered with a one-line 500, the fault is counted and logged once, and nothing reaches the container.
   */
  private void failed(Binding b, HttpServletResponse response, Throwable e) {
    FatalErrors.rethrowIfFatal(e);
    try {
      b.metrics.http().recordingFailed(e);
      if (faultLogged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "PyBase metrics: a scrape failed; answered 500. Later failures are logged at FINE.", e);
      } else {
        LOG.log(Level.FINE, "PyBase metrics: a scrape failed", e);
      }
      if (!response.isCommitted()) {
        response.reset();
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        response.setContentType("text/plain; charset=utf-8");
        response.getWriter().write("scrape failed: " + e + "\n");
      }
    } catch (Throwable ignored) {
      // the response is gone too; nothing left to report to
    }
  }

  /**
   * When the library belongs to this web application, closes the default registry's catalogue it served, so an
   * undeployed application leaves nothing registered behind ({@link ServletMetrics#closeWithWebApplication}).
   */
  @Override
  public void destroy() {
    Binding b = binding;
    if (b != null && getServletConfig() != null) {
      ServletMetrics.closeWithWebApplication(getServletContext(), b.metrics);
    }
    super.destroy();
  }

  /** The registry and credentials the endpoint serves with, fixed at {@link #init}. */
  private static final class Binding {
    final PyBaseMetrics metrics;
    final boolean enabled;
    final ScrapeAuthentication authentication;
    final Exposition exposition;
    private final @Nullable String onlyPath;

    Binding(PyBaseMetrics metrics, ServletMetricsConfig config, @Nullable String onlyPath,
        @Nullable Exposition exposition) {
      this.metrics = metrics;
      this.enabled = metrics.config().enabled();
      this.authentication = ScrapeAuthentication.of(config.endpoint());
      if (exposition != null) {
        this.exposition = exposition;
      } else {
        PrometheusScrapeHandler handler = new PrometheusScrapeHandler(PrometheusProperties.get(), metrics.registry());
        this.exposition = (request, response) -> handler.handleRequest(new HttpExchangeAdapter(request, response));
      }
      this.onlyPath = onlyPath;
    }

    boolean serves(HttpServletRequest request) {
      if (onlyPath == null) {
        return true;
      }
      HttpServletMapping mapping = request.getHttpServletMapping();
      return mapping == null || mapping.getPattern() == null || onlyPath.equals(mapping.getPattern());
    }
  }
}
