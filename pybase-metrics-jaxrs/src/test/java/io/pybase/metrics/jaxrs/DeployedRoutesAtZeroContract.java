package io.pybase.metrics.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.test.Exposition;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 11 case 8, for JAX-RS: every route the runtime deploys has its {@code status="500"} counter and its latency
 * histogram at zero from start-up, before any request, so that {@code increase()} sees its first error. Scrapes only
 * (the metrics endpoint is not recorded) until the one test that sends a request.
 *
 * <pre>{@code
 * class JerseyOnJettyDeployedRoutesAtZeroTest extends DeployedRoutesAtZeroContract { ... }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeployedRoutesAtZeroContract {

  static final String REQUESTS = "http_requests_total";
  static final String LATENCY_COUNT = "api_latency_histogram_count";

  /** What {@link RoutesApplication} deploys, under the servlet's {@code /api/v1/*}: method, template. */
  static final String[][] ROUTES = {
      {"GET", "/api/v1/tables/{tableId}/records/{recordId}"},
      {"GET", "/api/v1/tables/{tableId}/error"},
      {"GET", "/api/v1/tables/{tableId}/columns/{columnId}"},   // through the locator columns()
      {"POST", "/api/v1/items"},
      {"PUT", "/api/v1/items/{itemId}"},                         // {itemId: [0-9]+}, the regular expression dropped
      {"PATCH", "/api/v1/items/{itemId}"},
      {"DELETE", "/api/v1/items/{itemId}"},
      {"GET", "/api/v1/labels/{labelId}"},                       // annotations inherited from LabelsApi
  };

  /** Root of the application (context path included), started with {@link RoutesApplication}, no request sent. */
  protected abstract URI root();

  @Test
  void createsTheErrorSeriesOfEveryResourceMethodAtZeroBeforeItsFirstRequest() throws Exception {
    Exposition s = JerseyRegistrationTest.scrape(root());
    for (String[] r : ROUTES) {
      assertThat(s.hasSample(REQUESTS, "method", r[0], "endpoint", r[1], "status", "500"))
          .as("%s{method=\"%s\",endpoint=\"%s\",status=\"500\"} 0", REQUESTS, r[0], r[1]).isTrue();
      assertThat(s.value(REQUESTS, "method", r[0], "endpoint", r[1], "status", "500")).isZero();
      assertThat(s.hasSample(LATENCY_COUNT, "method", r[0], "endpoint", r[1])).as("%s %s latency", r[0], r[1])
          .isTrue();
    }
    assertThat(s.sum(REQUESTS)).isZero();

    assertThat(JerseyRegistrationTest.get(root(), "/api/v1/tables/7/error")).isEqualTo(500);
    awaitRequests("/api/v1/tables/{tableId}/error", 500, 1);
  }

  @Test
  void takesNeitherTheServletMappingNorImplicitMethodsNorRuntimeOnlyLocatorsForRoutes() throws Exception {
    Exposition s = JerseyRegistrationTest.scrape(root());
    assertThat(s.labelValues(REQUESTS, "endpoint"))
        .doesNotContain("/api/v1/*", "/api/v1", "/*", "/", "/api/v1/metrics")
        .noneMatch(e -> e.contains("/dynamic"))
        .allMatch(e -> e.startsWith("/api/v1/"));
    // HEAD and OPTIONS, which the runtime answers implicitly, get their series at their first request
    assertThat(s.labelValues(REQUESTS, "method")).containsOnly("GET", "POST", "PUT", "PATCH", "DELETE");
  }

  private void awaitRequests(String endpoint, int status, double expected) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    double value;
    do {
      value = JerseyRegistrationTest.scrape(root())
          .value(REQUESTS, "method", "GET", "endpoint", endpoint, "status", Integer.toString(status));
      if (value == expected) {
        return;
      }
      Thread.sleep(20);
    } while (Instant.now().isBefore(deadline));
    assertThat(value).as("GET %s %d", endpoint, status).isEqualTo(expected);
  }
}
