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
import java.util.Objects;
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

  private final transient @Nullable Installation installation;
  private final transient @Nullable PyBaseMetrics fixedMetrics;
  private final transient @Nullable ServletMetricsConfig fixedConfig;
  private transient volatile @Nullable Binding binding;

  /** For {@code web.xml}: the context's installation, else the default registry's catalogue and the environment. */
  public MetricsEndpointServlet() {
    this(null, null, null);
  }

  /** Serves {@code metrics.registry()}, protected as {@code config} says. */
  public MetricsEndpointServlet(PyBaseMetrics metrics, ServletMetricsConfig config) {
    this(null, metrics, config);
    binding = new Binding(metrics, config, null);
  }

  /** Serves as {@code installation} says once initialised ({@link ServletMetrics#install}). */
  MetricsEndpointServlet(Installation installation) {
    this(installation, null, null);
  }

  private MetricsEndpointServlet(@Nullable Installation installation, @Nullable PyBaseMetrics metrics,
      @Nullable ServletMetricsConfig config) {
    this.installation = installation;
    this.fixedMetrics = metrics;
    this.fixedConfig = config;
  }

  @Override
  public void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    Installation source = installation != null ? installation : Installation.of(servletConfig.getServletContext());
    PyBaseMetrics metrics;
    ServletMetricsConfig config;
    @Nullable String onlyPath = null;
    if (fixedMetrics != null) {
      metrics = fixedMetrics;
      config = Objects.requireNonNull(fixedConfig); // the constructors set both or neither
    } else if (source != null) {
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
    binding = new Binding(metrics, config, onlyPath);
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
    b.handler.handleRequest(new HttpExchangeAdapter(request, response));
  }

  /** The registry and credentials the endpoint serves with, fixed at {@link #init}. */
  private static final class Binding {
    final boolean enabled;
    final ScrapeAuthentication authentication;
    final PrometheusScrapeHandler handler;
    private final @Nullable String onlyPath;

    Binding(PyBaseMetrics metrics, ServletMetricsConfig config, @Nullable String onlyPath) {
      this.enabled = metrics.config().enabled();
      this.authentication = ScrapeAuthentication.of(config.endpoint());
      this.handler = new PrometheusScrapeHandler(PrometheusProperties.get(), metrics.registry());
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
