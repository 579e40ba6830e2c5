package io.pybase.sample.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.testing.ApiClient;
import io.pybase.sample.testing.RedisServerProcess;
import io.pybase.sample.transport.TaskTransport;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, input 5: with Redis down, a submission the API cannot queue leaves no task state and says so, and a
 * record DELETE that did delete says so even though the search index could not be told.
 */
class ApiDuringRedisOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void failedSubmissionLeavesNoStateAndADeleteThatHappenedSaysSo() throws Exception {
    String jdbc = "jdbc:h2:mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    try (RedisServerProcess redis = RedisServerProcess.start();
        TaskTransport transport = TaskTransport.redis(redis.uri(), Duration.ofSeconds(10));
        ApiServer api = ApiServer.builder(metrics, transport)
            .settings(ApiSettings.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0).withRedis(redis.uri()))
            .database(new DatabaseConfig(jdbc, "sa", "", 3))
            .servletConfig(ServletMetricsConfig.builder().build()).start()) {
      ApiClient client = new ApiClient(api.port());
      HttpResponse<String> created = client.post("/api/v1/tables/projects/records", "{\"name\":\"Quay\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      long id = JSON.readTree(created.body()).get("id").asLong();

      redis.stop();

      HttpResponse<String> submitted = client.post("/api/v1/extractions",
          "{\"file_type\":\"txt\",\"content\":\"never queued\"}");
      assertThat(submitted.statusCode()).isEqualTo(503);
      JsonNode refusal = JSON.readTree(submitted.body());
      assertThat(refusal.path("error").asText()).isEqualTo("queue_unavailable");
      assertThat(refusal.path("message").asText()).contains("nothing was stored");
      assertThat(taskStates(jdbc)).as("no task state without its task").isZero();

      HttpResponse<String> deleted = client.delete("/api/v1/tables/projects/records/" + id);
      assertThat(deleted.statusCode()).as("the delete happened: not a 5xx").isEqualTo(200);
      JsonNode outcome = JSON.readTree(deleted.body());
      assertThat(outcome.path("deleted").asBoolean()).isTrue();
      assertThat(outcome.path("search_index_updated").asBoolean()).isFalse();
      assertThat(client.get("/api/v1/tables/projects/records/" + id).statusCode()).isEqualTo(404);
    }
  }

  private static long taskStates(String jdbc) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM task_states")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
