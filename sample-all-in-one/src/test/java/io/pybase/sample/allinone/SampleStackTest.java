package io.pybase.sample.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.MetricDefinition;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.testing.ApiClient;
import io.pybase.sample.testing.Scrape;
import io.pybase.sample.workers.WorkerRole;
import io.pybase.sample.workers.WorkerSettings;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The embedded stack (API + both workers, in-memory queue, H2) on free ports, driven over real HTTP and WebSocket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AllInOneStack stack;
  private ApiClient api;

  @BeforeAll
  void start() {
    stack = AllInOneStack.builder().host("127.0.0.1").apiPort(0).apiMetricsPort(0).metricsPorts(0, 0)
        .apiRegistry(new PrometheusRegistry())
        .metricsConfig(PyBaseMetricsConfig.builder().jvmMetrics(false).build())
        .workerSettings(WorkerSettings.defaults().withFailureRate(0))
        .database(new DatabaseConfig("jdbc:h2:mem:stack-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 5))
        .start();
    api = new ApiClient(stack.apiPort());
  }

  @AfterAll
  void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyContractMetricHasNonZeroSeriesAfterDrivingEveryEndpoint() throws Exception {
    assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);

    // records: create, read twice (cache miss then hit), update, list, delete, stats
    HttpResponse<String> created = api.post("/api/v1/tables/projects/records",
        "{\"name\":\"Bridge renovation\",\"city\":\"Lyon\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    long id = JSON.readTree(created.body()).get("id").asLong();
    String path = "/api/v1/tables/projects/records/" + id;
    assertThat(api.get(path).statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(api.get(path).body()).path("data").path("name").asText()).isEqualTo("Bridge renovation");
    assertThat(api.put(path, "{\"name\":\"Bridge renovation\",\"phase\":2}").statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(api.get(path).body()).path("data").path("phase").asInt()).isEqualTo(2);
    assertThat(api.get("/api/v1/tables/projects/records?limit=10&delay_ms=30").statusCode()).isEqualTo(200);
    long other = JSON.readTree(api.post("/api/v1/tables/documents/records", "{\"title\":\"tmp\"}").body())
        .get("id").asLong();
    assertThat(api.delete("/api/v1/tables/documents/records/" + other).statusCode()).isEqualTo(204);
    assertThat(api.get("/api/v1/tables/documents/records/" + other).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/tables/projects/stats").statusCode()).isEqualTo(200);
    HttpResponse<String> fault = api.get("/api/v1/tables/drawings/stats");
    assertThat(fault.statusCode()).as("stats of an empty table: a real SQL division by zero").isEqualTo(500);
    assertThat(JSON.readTree(fault.body()).path("error").asText()).isEqualTo("internal_error");

    // search goes through the search worker once the record is indexed
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      HttpResponse<String> r = api.get("/api/v1/search?q=bridge");
      return r.statusCode() == 200 && JSON.readTree(r.body()).path("hits").size() > 0;
    });
    JsonNode hit = JSON.readTree(api.get("/api/v1/search?q=bridge").body()).path("hits").get(0);
    assertThat(hit.path("record_id").asText()).isEqualTo(Long.toString(id));

    try (WebSocketRecorder ws = WebSocketRecorder.connect(api.http(),
        "ws://127.0.0.1:" + stack.apiPort() + "/api/v1/ws")) {
      // extractions: one retried once then succeeding, plus a DXF and a real PDF
      String ifc = submit("{\"file_type\":\"ifc\",\"filename\":\"house.ifc\",\"fail_attempts\":1,\"content\":"
          + JSON.writeValueAsString(SampleDocuments.IFC) + "}");
      String dxf = submit("{\"file_type\":\"dxf\",\"filename\":\"plan.dxf\",\"content\":"
          + JSON.writeValueAsString(SampleDocuments.DXF) + "}");
      String pdf = submit("{\"file_type\":\"pdf\",\"filename\":\"report.pdf\",\"content_base64\":\""
          + Base64.getEncoder().encodeToString(SampleDocuments.pdf("Site report", "Concrete pour on level 2"))
          + "\"}");
      String broken = submit("{\"file_type\":\"ifc\",\"filename\":\"broken.ifc\",\"content\":\"not a step file\"}");

      JsonNode ifcState = awaitFinal(ifc);
      assertThat(ifcState.path("status").asText()).isEqualTo("succeeded");
      assertThat(ifcState.path("attempts").asInt()).isEqualTo(2);
      assertThat(ifcState.path("result").path("metadata").path("schema").asText()).isEqualTo("IFC4");
      assertThat(ifcState.path("result").path("entity_counts").path("IFCWALL").asInt()).isEqualTo(2);
      assertThat(ifcState.path("result").path("text").asText()).contains("North wall");
      JsonNode dxfState = awaitFinal(dxf);
      assertThat(dxfState.path("result").path("entity_counts").path("LINE").asInt()).isEqualTo(2);
      assertThat(dxfState.path("result").path("metadata").path("acad_version").asText()).isEqualTo("AC1027");
      JsonNode pdfState = awaitFinal(pdf);
      assertThat(pdfState.path("result").path("metadata").path("title").asText()).isEqualTo("Site report");
      assertThat(pdfState.path("result").path("text").asText()).contains("Concrete pour on level 2");
      JsonNode brokenState = awaitFinal(broken);
      assertThat(brokenState.path("status").asText()).isEqualTo("failed");
      assertThat(brokenState.path("error").asText()).contains("ISO-10303-21");

      await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.stream()
          .anyMatch(m -> m.contains(ifc) && m.contains("\"retrying\"")));
      await().atMost(Duration.ofSeconds(5)).until(() -> ws.messages.stream()
          .anyMatch(m -> m.contains(ifc) && m.contains("\"succeeded\"")));

      // a busy extraction worker: 2 consumers, 5 slow tasks -> some wait in the queue
      List<String> slow = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        slow.add(submit("{\"file_type\":\"txt\",\"filename\":\"slow.txt\",\"delay_ms\":1500,\"content\":\"slow\"}"));
      }
      String extractionUrl = "http://127.0.0.1:" + stack.metricsPort(WorkerRole.EXTRACTION) + "/metrics";
      Scrape busy = Scrape.of(extractionUrl);
      assertThat(busy.value("celery_queue_length{worker_name=\"extraction\"}")).isGreaterThanOrEqualTo(1);
      await().atMost(Duration.ofSeconds(5)).until(() ->
          Scrape.of(extractionUrl).value("celery_active_workers{worker_name=\"extraction\"}") >= 1);
      Scrape apiWhileOpen = Scrape.of(api.base() + "/api/v1/metrics");
      assertThat(apiWhileOpen.value("websocket_connections_current")).isEqualTo(1.0);
      for (String t : slow) {
        assertThat(awaitFinal(t).path("status").asText()).isEqualTo("succeeded");
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() ->
        Scrape.of(api.base() + "/api/v1/metrics").value("websocket_connections_current") == 0.0);

    Scrape apiScrape = Scrape.of(api.base() + "/api/v1/metrics");
    Scrape extraction = Scrape.of("http://127.0.0.1:" + stack.metricsPort(WorkerRole.EXTRACTION) + "/metrics");
    Scrape search = Scrape.of("http://127.0.0.1:" + stack.metricsPort(WorkerRole.SEARCH) + "/metrics");

    assertThat(apiScrape.value("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/records\",method=\"POST\","
        + "status=\"201\"}")).isEqualTo(2.0);
    assertThat(apiScrape.value("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/stats\",method=\"GET\","
        + "status=\"500\"}")).isEqualTo(1.0);
    assertThat(apiScrape.value("http_requests_total{endpoint=\"/api/v1/extractions\",method=\"POST\","
        + "status=\"202\"}")).isEqualTo(9.0);
    assertThat(apiScrape.sum("api_latency_histogram_count", "endpoint=\"/api/v1/search\"")).isPositive();
    assertThat(apiScrape.value("cache_operations_total{operation=\"get\",status=\"hit\"}")).isPositive();
    assertThat(apiScrape.value("cache_operations_total{operation=\"get\",status=\"miss\"}")).isPositive();
    assertThat(apiScrape.value("db_query_errors_total{query_type=\"aggregate\"}")).isEqualTo(1.0);
    assertThat(apiScrape.value("db_pool_connections_max{pool=\"api\"}")).isEqualTo(5.0);
    assertThat(extraction.value("extraction_task_total{status=\"retry\",task_type=\"ifc\"}")).isEqualTo(1.0);
    assertThat(extraction.value("extraction_task_total{status=\"success\",task_type=\"pdf\"}")).isEqualTo(1.0);
    assertThat(extraction.value("extraction_task_total{status=\"failure\",task_type=\"ifc\"}")).isEqualTo(1.0);
    assertThat(extraction.value("celery_task_retries_total{task_name=\"extract_document\"}")).isEqualTo(1.0);
    assertThat(extraction.value("celery_task_total{status=\"success\",task_name=\"extract_document\"}"))
        .isEqualTo(8.0);
    assertThat(search.value("celery_task_total{status=\"success\",task_name=\"index_record\"}")).isPositive();
    assertThat(search.value("celery_task_total{status=\"success\",task_name=\"search_records\"}")).isPositive();
    assertThat(search.value("celery_worker_pool_size{worker_name=\"search\"}")).isEqualTo(2.0);

    // every metric of the contract: present on its endpoint with a non-zero value (gauges were checked live above)
    Set<MetricDefinition> liveGauges = EnumSet.of(MetricDefinition.WEBSOCKET_CONNECTIONS,
        MetricDefinition.CELERY_QUEUE_LENGTH, MetricDefinition.CELERY_ACTIVE_WORKERS, MetricDefinition.HTTP_IN_FLIGHT);
    Set<MetricDefinition> faultOnly = EnumSet.of(MetricDefinition.LABEL_OVERFLOW, MetricDefinition.RECORDING_ERRORS,
        MetricDefinition.CELERY_QUEUE_LENGTH_READ_ERRORS, MetricDefinition.COLLECT_ERRORS);
    for (MetricDefinition d : MetricDefinition.values()) {
      String name = d.type() == MetricDefinition.Type.HISTOGRAM ? d.metricName() + "_count" : d.metricName();
      if (faultOnly.contains(d)) {
        continue;
      }
      assertThat(apiScrape.has(name) || extraction.has(name) || search.has(name)).as(name + " exposed").isTrue();
      if (!liveGauges.contains(d)) {
        assertThat(apiScrape.sum(name) + extraction.sum(name) + search.sum(name)).as(name + " non-zero")
            .isPositive();
      }
    }
  }

  @Test
  void badInputGets4xxWithJsonErrorAndStoresNothing() throws Exception {
    int before = JSON.readTree(api.get("/api/v1/tables/drawings/records").body()).path("records").size();

    HttpResponse<String> malformed = api.post("/api/v1/tables/drawings/records", "{\"name\": ");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(malformed.body()).path("error").asText()).isEqualTo("malformed_json");

    HttpResponse<String> notObject = api.post("/api/v1/tables/drawings/records", "[1,2]");
    assertThat(notObject.statusCode()).isEqualTo(400);

    HttpResponse<String> unknown = api.post("/api/v1/tables/secrets/records", "{\"a\":1}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("unknown_table");

    String big = "{\"blob\":\"" + "x".repeat((1 << 20) + 10) + "\"}";
    HttpResponse<String> tooLarge = api.post("/api/v1/tables/drawings/records", big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(tooLarge.body()).path("error").asText()).isEqualTo("body_too_large");

    assertThat(JSON.readTree(api.get("/api/v1/tables/drawings/records").body()).path("records").size())
        .isEqualTo(before);

    HttpResponse<String> badType = api.post("/api/v1/extractions", "{\"file_type\":\"exe\",\"content\":\"x\"}");
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badType.body()).path("error").asText()).isEqualTo("unsupported_file_type");
    assertThat(api.post("/api/v1/extractions", "{\"file_type\":\"pdf\"}").statusCode()).isEqualTo(400);
    assertThat(api.post("/api/v1/extractions", "{\"file_type\":\"pdf\",\"content_base64\":\"@@@\"}").statusCode())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/extractions/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/search").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/search?q=a&limit=abc").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/tables/projects/records/abc").statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/tables/projects/records?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void stoppedSearchWorkerMakesSearchTimeOutAndItsPortClose() throws Exception {
    int port = stack.metricsPort(WorkerRole.SEARCH);
    stack.stopWorker(WorkerRole.SEARCH);
    try {
      assertThat(stack.metricsPort(WorkerRole.SEARCH)).isEqualTo(-1);
      assertThat(catchScrape("http://127.0.0.1:" + port + "/metrics")).isInstanceOf(java.io.IOException.class);
      HttpResponse<String> r = api.get("/api/v1/search?q=bridge");
      assertThat(r.statusCode()).isEqualTo(504);
      assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);
    } finally {
      stack.startWorker(WorkerRole.SEARCH);
    }
    assertThat(stack.metricsPort(WorkerRole.SEARCH)).isEqualTo(port);
    assertThat(Scrape.of("http://127.0.0.1:" + port + "/metrics").has("celery_task_total")).isTrue();
  }

  private static Exception catchScrape(String url) {
    try {
      Scrape.of(url);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  private String submit(String body) throws Exception {
    HttpResponse<String> r = api.post("/api/v1/extractions", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return JSON.readTree(r.body()).path("task_id").asText();
  }

  private JsonNode awaitFinal(String taskId) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      last[0] = JSON.readTree(api.get("/api/v1/extractions/" + taskId).body());
      String s = last[0].path("status").asText();
      return s.equals("succeeded") || s.equals("failed");
    });
    return last[0];
  }
}
