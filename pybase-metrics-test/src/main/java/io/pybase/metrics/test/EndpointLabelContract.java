package io.pybase.metrics.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every row of {@link EndpointLabelCases} against one running stack and checks the scraped
 * {@code http_requests_total}: the row's series grows by one per request, and no raw path ever becomes a label.
 * A subclass starts the app (in {@code @BeforeAll}, on a free port) and says where it is.
 *
 * <pre>{@code
 * class PlainServletOnJettyEndpointLabelTest extends EndpointLabelContract {
 *   @BeforeAll void start() { ... }
 *   @Override protected URI root() { return URI.create("http://127.0.0.1:" + port); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EndpointLabelContract {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** The app's root: the table's paths are appended to it. */
  protected abstract URI root();

  /** The scrape URL's path under {@link #root()}. */
  protected String metricsPath() {
    return "/api/v1/metrics";
  }

  /**
   * Rows this stack answers differently, by row, with why in the subclass's javadoc; the README's table lists
   * every one.
   */
  protected Map<EndpointLabelCase, EndpointLabelCase> deviations() {
    return Map.of();
  }

  Stream<EndpointLabelCase> cases() {
    return EndpointLabelCases.all().stream().map(c -> deviations().getOrDefault(c, c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void recordsTheDocumentedEndpointLabel(EndpointLabelCase c) throws Exception {
    Exposition before = scrape();
    for (String path : c.paths()) {
      HttpResponse<String> response = send(c.method(), path);
      assertThat(response.statusCode()).as("%s %s", c.method(), path).isEqualTo(c.status());
    }
    Exposition after = scrape();
    if (c.endpoint() != null) {
      assertThat(after.requests(c.method(), c.endpoint(), c.status())
          - before.requests(c.method(), c.endpoint(), c.status()))
          .as("http_requests_total{method=%s,endpoint=%s,status=%s} after %s", c.method(), c.endpoint(), c.status(),
              c.paths())
          .isEqualTo(c.paths().size());
    }
    assertThat(after.sum("http_requests_total") - before.sum("http_requests_total"))
        .as("requests counted in all series")
        .isEqualTo(c.endpoint() == null ? 0 : c.paths().size());
    List<String> rawPaths = c.paths();
    assertThat(after.labelValues("http_requests_total", "endpoint"))
        .noneMatch(e -> rawPaths.stream().anyMatch(p -> p.equals(e) || e.contains("%2F") || e.matches(".*/\\d+(/.*)?")));
  }

  private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(root() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes the app's metrics endpoint. */
  protected Exposition scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", metricsPath());
    assertThat(r.statusCode()).as("scrape of %s", metricsPath()).isEqualTo(200);
    return Exposition.parse(r.body());
  }
}
