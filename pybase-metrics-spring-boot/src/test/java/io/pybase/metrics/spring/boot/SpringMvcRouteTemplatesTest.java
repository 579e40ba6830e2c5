package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

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

  /** method, path, the status the client gets, the endpoint label it must be counted under. */
  static Stream<Arguments> labelRules() {
    return Stream.of(
        Arguments.of("a record of a route", "GET", "/api/v1/tables/t1/records/r1", 200, RECORD),
        Arguments.of("another record of the same route", "GET", "/api/v1/tables/t2/records/r9", 200, RECORD),
        Arguments.of("the handler's own 404", "GET", "/api/v1/tables/t1/records/missing", 404, RECORD),
        Arguments.of("an unknown path", "GET", "/api/v1/nowhere/7", 404, "not_found"),
        Arguments.of("a thrown exception", "GET", "/api/v1/tables/t1/fail", 500, "/api/v1/tables/{tableId}/fail"),
        Arguments.of("a method the route does not take (405)", "DELETE", "/api/v1/tables/t1/records/r1", 405,
            "unmatched"),
        Arguments.of("a sub-path of a class-level mapping", "GET", "/api/v1/tables/t1/fields/f1", 200,
            "/api/v1/tables/{tableId}/fields/{fieldId}"),
        Arguments.of("a POST to a sibling route", "POST", "/api/v1/tables/t1/records", 201,
            "/api/v1/tables/{tableId}/records"),
        Arguments.of("an async handler", "GET", "/api/v1/jobs/j1/result", 200, "/api/v1/jobs/{jobId}/result"));
  }

  @ParameterizedTest(name = "{0}: {1} {2} -> {3} {4}")
  @MethodSource("labelRules")
  void countsEachRequestUnderItsRouteTemplateOrNoRouteValue(String description, String method, String path,
      int status, String endpoint) {
    double before = app.scrape().requests(method, endpoint, status);

    HttpResponse<String> response = app.send(method, path, null);

    assertThat(response.statusCode()).as(description).isEqualTo(status);
    assertThat(app.scrape().requests(method, endpoint, status)).as(description).isEqualTo(before + 1);
  }

  @Test
  void neverLabelsAPathWithAnEncodedSlashByItsRawPath() {
    HttpResponse<String> response = app.get("/api/v1/tables/a%2Fb/records/r1");

    Exposition scrape = app.scrape();
    assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(scrape.labelValues("http_requests_total", "endpoint"))
        .noneMatch(e -> e.contains("a%2F") || e.contains("a/b") || e.contains("r1"));
  }

  @Test
  void countsARequestSpringSecurityRejectsSoTheFilterRunsBeforeIt() {
    double before = app.scrape().requests("GET", "unmatched", 401);

    HttpResponse<String> response = app.get("/api/v1/secure/profile");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(app.scrape().requests("GET", "unmatched", 401)).isEqualTo(before + 1);
  }

  @Test
  void labelsOnlyTemplatesAndNoRouteValuesNeverRawPaths() {
    app.get("/api/v1/tables/secret-table-name/records/secret-record-id");
    app.get("/api/v1/no/such/thing/at/all");

    assertThat(app.scrape().labelValues("http_requests_total", "endpoint"))
        .allMatch(e -> e.equals("not_found") || e.equals("unmatched") || e.startsWith("/api/v1/")
            && !e.contains("secret") && !e.contains("such"));
  }
}
