package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybase.metrics.test.Exposition;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The label rules of every stack, on a real Spring Boot application: a request that matched a route gets its
 * template whatever its status; no route gives {@code not_found} for a 404 and {@code unmatched} otherwise.
 */
class SpringMvcRouteTemplatesTest {

  private static final String RECORD = "/api/v1/tables/{tableId}/records/{recordId}";

  private static RunningApp app;

  @BeforeAll
  static void start() {
    app = RunningApp.start(TestApps.RoutesApp.class);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /**
   * The endpoint-label table of every stack (the same rows as the JAX-RS and servlet tests): what it proves, method,
   * path, the status the client gets, the endpoint label it must be counted under.
   */
  static Stream<Arguments> labelRules() {
    return Stream.of(
        Arguments.of("two records of one route, one series", "GET", "/api/v1/tables/7/records/1", 200, RECORD),
        Arguments.of("two records of one route, one series", "GET", "/api/v1/tables/7/records/2", 200, RECORD),
        Arguments.of("a handler's 404 keeps its template", "GET", "/api/v1/tables/7/records/missing", 404, RECORD),
        Arguments.of("an unknown path is not_found", "GET", "/api/v1/unknown/42", 404, "not_found"),
        Arguments.of("a thrown exception is a 500 of its route", "GET", "/api/v1/tables/7/error", 500,
            "/api/v1/tables/{tableId}/error"),
        Arguments.of("a 405 is unmatched unless the router names the route", "DELETE", "/api/v1/tables/7/records/1",
            405, "unmatched"),
        Arguments.of("a sub-resource gets the full template", "GET", "/api/v1/tables/7/columns/3", 200,
            "/api/v1/tables/{tableId}/columns/{columnId}"),
        Arguments.of("a POST to a sibling route", "POST", "/api/v1/tables/7/records", 201,
            "/api/v1/tables/{tableId}/records"),
        Arguments.of("an async handler completes under its template", "GET", "/api/v1/jobs/j1/result", 200,
            "/api/v1/jobs/{jobId}/result"),
        Arguments.of("a static-resource miss under Boot's /** is not_found", "GET", "/favicon-missing.ico", 404,
            "not_found"),
        Arguments.of("a POST to no route is not_found too", "POST", "/api/v1/unknown/42", 404, "not_found"),
        Arguments.of("a functional route (RouterFunction) gets its pattern", "GET", "/api/v1/invoices/9", 200,
            "/api/v1/invoices/{invoiceId}"));
  }

  @ParameterizedTest(name = "{0}: {1} {2} -> {3} {4}")
  @MethodSource("labelRules")
  void countsEachRequestUnderItsRouteTemplateOrNoRouteValue(String description, String method, String path,
      int status, String endpoint) {
    double before = app.scrape().requests(method, endpoint, status);

    HttpResponse<String> response = app.send(method, path, null);

    assertThat(response.statusCode()).as(description).isEqualTo(status);
    app.awaitScrape(scrape -> assertThat(scrape.requests(method, endpoint, status)).as(description)
        .isEqualTo(before + 1));
  }

  @Test
  void springMvcExposesTheMatchedPatternAsAString() {
    assertThat(app.get("/api/v1/pattern-type").body()).isEqualTo("java.lang.String /api/v1/pattern-type");
  }

  @Test
  void anEncodedSlashIsRejectedByTomcatBeforeAnyFilterAndNotCounted() {
    double before = app.scrape().sum("http_requests_total");

    HttpResponse<String> response = app.get("/api/v1/tables/a%2Fb/records/1");

    assertThat(response.statusCode()).isEqualTo(400);
    Exposition scrape = app.scrape();
    assertThat(scrape.sum("http_requests_total")).isEqualTo(before);
    assertThat(scrape.labelValues("http_requests_total", "endpoint")).noneMatch(e -> e.contains("a%2F"));
  }

  @Test
  void countsARequestSpringSecurityRejectsSoTheFilterRunsBeforeIt() {
    double before = app.scrape().requests("GET", "unmatched", 401);

    HttpResponse<String> response = app.get("/api/v1/secure/profile");

    assertThat(response.statusCode()).isEqualTo(401);
    app.awaitScrape(scrape -> assertThat(scrape.requests("GET", "unmatched", 401)).isEqualTo(before + 1));
  }

  @Test
  void labelsOnlyTemplatesAndNoRouteValuesNeverRawPaths() {
    double before = app.scrape().sum("http_requests_total");
    app.get("/api/v1/tables/secret-table-name/records/secret-record-id");
    app.get("/api/v1/no/such/thing/at/all");

    app.awaitScrape(scrape -> assertThat(scrape.sum("http_requests_total")).isEqualTo(before + 2));
    assertThat(app.scrape().labelValues("http_requests_total", "endpoint"))
        .allMatch(e -> e.equals("not_found") || e.equals("unmatched") || (e.startsWith("/api/v1/")
            && !e.contains("secret") && !e.contains("such")));
  }
}
