package io.pybase.metrics.httpserver;

import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.endpoint.ScrapeAuthentication;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every path of a {@link MetricsServer}: the metrics path (client_java's {@link PrometheusScrapeHandler} behind
 * {@link ScrapeAuthentication}), the health path, the index {@code /} and {@code 404} for anything else. Only
 * {@code GET} and {@code HEAD} are served ({@code 405} otherwise). With {@code PROMETHEUS_ENABLED=false} the metrics
 * path answers {@code 404} saying so and health still answers {@code 200}.
 */
final class MetricsServerHandler extends Handler.Abstract {

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final byte[] UNAUTHORIZED = utf8("Unauthorized\n");
  private static final byte[] METHOD_NOT_ALLOWED = utf8("Method not allowed: GET or HEAD\n");

  private final String metricsPath;
  private final String healthPath;
  private final boolean enabled;
  private final ScrapeAuthentication authentication;
  private final PrometheusScrapeHandler scrape;
  private final RequestHeaderDeadline deadline;
  private final AtomicBoolean scrapeFailureLogged = new AtomicBoolean();
  private final byte[] health;
  private final byte[] index;
  private final byte[] notFound;
  private final byte[] disabled;

  MetricsServerHandler(PyBaseMetrics metrics, MetricsServerConfig config, RequestHeaderDeadline deadline) {
    super(InvocationType.BLOCKING); // the scrape writes through a blocking OutputStream
    this.metricsPath = config.metricsPath();
    this.healthPath = config.healthPath();
    this.enabled = metrics.config().enabled();
    this.authentication = ScrapeAuthentication.of(config.endpoint());
    this.scrape = new PrometheusScrapeHandler(PrometheusProperties.get(), metrics.registry());
    this.deadline = deadline;
    this.health = utf8(enabled ? "ok\n" : "ok (metrics disabled: PROMETHEUS_ENABLED=false)\n");
    this.index = utf8("PyBase metrics: " + metricsPath + " (Prometheus" + (enabled ? "" : ", disabled") + "), "
        + healthPath + " (health)\n");
    this.notFound = utf8("Not found. Metrics are at " + metricsPath + ", health at " + healthPath + "\n");
    this.disabled = utf8("Metrics are disabled (PROMETHEUS_ENABLED=false); health is at " + healthPath + "\n");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    deadline.requestStarted(request);
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    boolean readOnly = HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method);
    if (path.equals(metricsPath)) {
      if (!enabled) {
        text(response, callback, 404, disabled);
      } else if (!readOnly) {
        methodNotAllowed(response, callback);
      } else if (!authentication.permits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, authentication.challenge());
        text(response, callback, 401, UNAUTHORIZED);
      } else {
        try {
          scrape.handleRequest(new JettyHttpExchange(request, response, callback, path, scrapeFailureLogged));
        } catch (IOException e) {
          // handleRequest reports through the exchange and completes the callback in its finally block
        }
      }
    } else if (!readOnly) {
      methodNotAllowed(response, callback);
    } else if (path.equals(healthPath)) {
      text(response, callback, 200, health);
    } else if (path.equals("/")) {
      text(response, callback, 200, index);
    } else {
      text(response, callback, 404, notFound);
    }
    return true;
  }

  private static void methodNotAllowed(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    text(response, callback, 405, METHOD_NOT_ALLOWED);
  }

  private static void text(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
