package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybase.metrics.test.Exposition;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** What adding the dependency does to a real Spring Boot application, and what its settings change. */
class StarterInstallationTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({TestApps.TableController.class, TestApps.Security.class, TestApps.OwnRegistry.class})
  static class App {
  }

  @Test
  void theDependencyAloneServesTheEndpointAndRecordsRouteTemplatesOnTheDefaultRegistry() {
    try (RunningApp app = RunningApp.start(TestApps.PlainApp.class)) {
      String template = "/api/v1/tables/{tableId}/records/{recordId}";
      double before = app.scrape().requests("GET", template, 200);

      assertThat(app.get("/api/v1/tables/t1/records/r1").statusCode()).isEqualTo(200);

      app.awaitScrape(scrape -> assertThat(scrape.requests("GET", template, 200)).isEqualTo(before + 1));
      assertThat(app.scrape().text()).contains("jvm_memory_used_bytes");
      assertThat(app.context.getBean(InstallationReport.class).line())
          .startsWith("PyBase metrics installed: HTTP filter first in the chain on /* (REQUEST, async)")
          .contains("endpoint /api/v1/metrics (no auth)", "not counted: /actuator/*, /api/v1/metrics",
              "route templates from Spring MVC", "DB pool gauges: dataSource");
    }
  }

  @Test
  void takesPathAndCredentialsFromApplicationProperties() {
    try (RunningApp app = RunningApp.start(App.class, "pybase.metrics.path=/internal/metrics",
        "pybase.metrics.bearer-token=s3cret")) {
      HttpResponse<String> anonymous = app.get("/internal/metrics");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
      assertThat(app.get("/api/v1/metrics").statusCode()).isEqualTo(404);

      Exposition scrape = RunningApp.scrape(app.port, "/internal/metrics", "Bearer s3cret");
      assertThat(scrape.labelValues("http_requests_total", "endpoint")).doesNotContain("/internal/metrics");
    }
  }

  @Test
  void takesBasicAuthCredentialsFromApplicationProperties() {
    try (RunningApp app = RunningApp.start(App.class, "pybase.metrics.username=prom",
        "pybase.metrics.password=pa55")) {
      String basic = "Basic " + Base64.getEncoder().encodeToString("prom:pa55".getBytes(StandardCharsets.UTF_8));
      assertThat(app.get("/api/v1/metrics").statusCode()).isEqualTo(401);
      RunningApp.scrape(app.port, "/api/v1/metrics", basic);
    }
  }

  @Test
  void honoursTheLibraryVariableNamesInAnySpringPropertySource() {
    try (RunningApp app = RunningApp.start(App.class, "PROMETHEUS_METRICS_PATH=/from-variable")) {
      app.scrape("/from-variable");
    }
  }

  @Test
  void aSpringKeyOnTheCommandLineBeatsTheVariableInALowerSource() {
    try (RunningApp app = RunningApp.start(App.class, "PROMETHEUS_METRICS_PATH=/from-variable",
        "--pybase.metrics.path=/from-command-line")) {
      app.scrape("/from-command-line");
      assertThat(app.get("/from-variable").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void doesNotCountActuatorOrMetricsScrapesButCountsEverythingElse() {
    try (RunningApp app = RunningApp.start(App.class, "pybase.metrics.excluded-paths=/api/v1/tables/t9/*")) {
      assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
      assertThat(app.get("/actuator/prometheus").statusCode()).isEqualTo(200);
      app.get("/api/v1/tables/t9/records/r1");
      app.get("/api/v1/tables/t1/records/r1");
      app.scrape();

      app.awaitScrape(scrape -> assertThat(scrape.sum("http_requests_total")).isEqualTo(1));
      // the controller's routes (created at zero from start-up), nothing of Actuator or the metrics endpoint
      assertThat(app.scrape().labelValues("http_requests_total", "endpoint"))
          .contains("/api/v1/tables/{tableId}/records/{recordId}")
          .allMatch(endpoint -> endpoint.startsWith("/api/v1/tables/{tableId}/"));
    }
  }

  @Test
  void countsActuatorPathsWhenActuatorHasAPortOfItsOwn() {
    try (RunningApp app = RunningApp.start(App.class, "management.server.port=0")) {
      app.get("/actuator/health");   // on the application port there is no actuator: a plain 404

      app.awaitScrape(scrape -> assertThat(scrape.requests("GET", "not_found", 404)).isEqualTo(1));
    }
  }

  @Test
  void servesBesideActuatorsPrometheusEndpointWithNothingClashing() {
    try (RunningApp app = RunningApp.start(App.class)) {
      app.get("/api/v1/tables/t1/records/r1");

      app.awaitScrape(scrape ->
          assertThat(scrape.requests("GET", "/api/v1/tables/{tableId}/records/{recordId}", 200)).isEqualTo(1));
      Exposition ours = app.scrape();
      Exposition micrometer = app.scrape("/actuator/prometheus");
      assertThat(micrometer.labelValues("http_server_requests_seconds_count", "uri"))
          .contains("/api/v1/tables/{tableId}/records/{recordId}");
      assertThat(micrometer.text()).doesNotContain("http_requests_total");
      assertThat(ours.text()).doesNotContain("http_server_requests_seconds");
    }
  }

  @Test
  void turnedOffRecordsNothingAndTheEndpointAnswers404() {
    try (RunningApp app = RunningApp.start(App.class, "pybase.metrics.enabled=false")) {
      assertThat(app.get("/api/v1/tables/t1/records/r1").statusCode()).isEqualTo(200);
      assertThat(app.get("/api/v1/metrics").statusCode()).isEqualTo(404);
      assertThat(app.context.getBean(InstallationReport.class).line())
          .isEqualTo("PyBase metrics off (pybase.metrics.enabled=false): nothing recorded, the metrics endpoint "
              + "answers 404");
    }
  }

  @Test
  void aBadSettingStopsStartUpWithTheLibrarysOneLineNamingTheKey() {
    assertThatThrownBy(() -> RunningApp.start(App.class, "pybase.metrics.max-label-values=0"))
        .rootCause()
        .hasMessage("Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected an integer from 1 to 10000"
            + " (from pybase.metrics.max-label-values)");
  }

  @Test
  void anEmptySecretStopsStartUpNamingTheKeyThatHeldItLikeEveryOtherSetting() {
    assertThatThrownBy(() -> RunningApp.start(App.class, "pybase.metrics.bearer-token="))
        .rootCause()
        .hasMessage("Invalid PROMETHEUS_METRICS_BEARER_TOKEN: it is set but empty; give a non-empty value, or remove "
            + "it to turn that authentication off (from pybase.metrics.bearer-token)");
    assertThatThrownBy(() -> RunningApp.start(App.class, "pybase.metrics.username= ",
        "pybase.metrics.password=secret"))
        .rootCause()
        .hasMessage("Invalid PROMETHEUS_METRICS_USERNAME: it is set but empty; give a non-empty value, or remove "
            + "it to turn that authentication off (from pybase.metrics.username)");
  }

  @Test
  void aUsernameWithoutPasswordStopsStartUpNamingTheKeyThatWasSet() {
    assertThatThrownBy(() -> RunningApp.start(App.class, "pybase.metrics.username=prom"))
        .rootCause()
        .hasMessage("Invalid PROMETHEUS_METRICS_USERNAME=<hidden>: expected PROMETHEUS_METRICS_PASSWORD set as well "
            + "(basic auth needs both, or neither) (from pybase.metrics.username)");
  }

  @Test
  void aBadVariableStopsStartUpWithTheLibrarysOneLine() {
    assertThatThrownBy(() -> RunningApp.start(App.class, "PROMETHEUS_METRICS_EXCLUDED_PATHS=health"))
        .rootCause()
        .hasMessage("Invalid PROMETHEUS_METRICS_EXCLUDED_PATHS='health': expected comma-separated paths starting "
            + "with '/', such as /health,/static/*");
  }

  @Test
  void explainsABadSettingInBootsFailureReport() {
    PyBaseMetricsFailureAnalyzer analyzer = new PyBaseMetricsFailureAnalyzer();
    Throwable failure = null;
    try {
      RunningApp.start(App.class, "pybase.metrics.server.port=70000").close();
    } catch (RuntimeException e) {
      failure = e;
    }

    assertThat(failure).isNotNull();
    assertThat(analyzer.analyze(failure).getDescription()).isEqualTo(
        "Invalid PROMETHEUS_METRICS_SERVER_PORT='70000': expected an integer from 0 to 65535 (0: any free port)"
            + " (from pybase.metrics.server.port)");
    assertThat(analyzer.analyze(failure).getAction())
        .startsWith("Change pybase.metrics.server.port (or PROMETHEUS_METRICS_SERVER_PORT)");
    assertThat(analyzer.analyze(new IllegalStateException("unrelated"))).isNull();
  }
}
