package io.pybase.metrics.servlet;

import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.pybase.metrics.PyBaseMetrics;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The metrics endpoint: client_java's {@link PrometheusMetricsServlet} (text, OpenMetrics and protobuf by the
 * {@code Accept} header, gzip by {@code Accept-Encoding}, {@code name[]} filters) for the catalogue's registry, plus
 * optional bearer-token or basic-auth protection. With {@code PROMETHEUS_ENABLED=false} it answers 404.
 *
 * <pre>{@code
 * // normally added by ServletMetrics.install; by hand:
 * context.addServlet("metrics", new MetricsEndpointServlet(PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment()))
 *     .addMapping("/api/v1/metrics");
 * }</pre>
 *
 * <p>Without the configured credentials a scrape gets 401 with a {@code WWW-Authenticate} challenge.
 */
public class MetricsEndpointServlet extends PrometheusMetricsServlet {

  private static final long serialVersionUID = 1L;

  private final transient boolean enabled;
  private final transient EndpointCredentials credentials;

  /** The default registry's catalogue, settings from the environment: for {@code web.xml}. */
  public MetricsEndpointServlet() {
    this(PyBaseMetrics.get(), ServletMetricsConfig.fromEnvironment());
  }

  /** Serves {@code metrics.registry()}, protected as {@code config} says. */
  public MetricsEndpointServlet(PyBaseMetrics metrics, ServletMetricsConfig config) {
    super(metrics.registry());
    this.enabled = metrics.config().enabled();
    this.credentials = EndpointCredentials.from(config);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!enabled) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    if (!credentials.permits(request.getHeader("Authorization"))) {
      response.setHeader("WWW-Authenticate", credentials.challenge());
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    super.doGet(request, response);
  }
}
