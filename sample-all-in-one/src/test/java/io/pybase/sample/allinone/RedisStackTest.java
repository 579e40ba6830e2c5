package io.pybase.sample.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.testing.ApiClient;
import io.pybase.sample.testing.RedisServerProcess;
import io.pybase.sample.testing.Scrape;
import io.pybase.sample.workers.WorkerRole;
import io.pybase.sample.workers.WorkerSettings;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With REDIS_URL: the queue, the task events and the record cache go through a real redis-server. */
class RedisStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void apiAndWorkersTalkThroughRedisAndTheCacheHitsThere() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.start();
        AllInOneStack stack = AllInOneStack.builder().host("127.0.0.1").apiPort(0).apiMetricsPort(0).metricsPorts(0, 0)
            .apiRegistry(new PrometheusRegistry())
            .metricsConfig(PyBaseMetricsConfig.builder().jvmMetrics(false).build())
            .workerSettings(WorkerSettings.defaults().withFailureRate(0)
                .withRedis(redis.uri(), Duration.ofSeconds(2), Duration.ofMillis(500)))
            .database(new DatabaseConfig("jdbc:h2:mem:redis-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "",
                3))
            .start()) {
      ApiClient api = new ApiClient(stack.apiPort());
      long id = JSON.readTree(api.post("/api/v1/tables/projects/records", "{\"name\":\"Harbour crane\"}").body())
          .get("id").asLong();
      assertThat(api.get("/api/v1/tables/projects/records/" + id).statusCode()).isEqualTo(200);
      assertThat(api.get("/api/v1/tables/projects/records/" + id).statusCode()).isEqualTo(200);

      try (WebSocketRecorder ws = WebSocketRecorder.connect(api.http(),
          "ws://127.0.0.1:" + stack.apiPort() + "/api/v1/ws")) {
        String task = JSON.readTree(api.post("/api/v1/extractions",
            "{\"file_type\":\"txt\",\"filename\":\"a.txt\",\"fail_attempts\":1,\"content\":\"harbour crane\"}")
            .body()).path("task_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
            JSON.readTree(api.get("/api/v1/extractions/" + task).body()).path("status").asText().equals("succeeded"));
        await().atMost(Duration.ofSeconds(5)).until(() ->
            ws.messages.stream().anyMatch(m -> m.contains(task) && m.contains("succeeded")));
      }
      await().atMost(Duration.ofSeconds(20)).until(() ->
          JSON.readTree(api.get("/api/v1/search?q=crane").body()).path("hits").size() == 1);

      Scrape apiScrape = Scrape.of(api.base() + "/api/v1/metrics");
      assertThat(apiScrape.value("cache_operations_total{operation=\"get\",status=\"hit\"}")).isEqualTo(1.0);
      assertThat(apiScrape.value("cache_operations_total{operation=\"get\",status=\"miss\"}")).isEqualTo(1.0);
      Scrape extraction = Scrape.of("http://127.0.0.1:" + stack.metricsPort(WorkerRole.EXTRACTION) + "/metrics");
      assertThat(extraction.value("celery_task_retries_total{task_name=\"extract_document\"}")).isEqualTo(1.0);
      assertThat(extraction.value("celery_queue_length{worker_name=\"extraction\"}")).isEqualTo(0.0);
    }
  }
}
