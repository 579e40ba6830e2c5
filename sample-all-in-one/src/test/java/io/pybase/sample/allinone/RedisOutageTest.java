package io.pybase.sample.allinone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.testing.ApiClient;
import io.pybase.sample.testing.PostgresServerProcess;
import io.pybase.sample.testing.RedisServerProcess;
import io.pybase.sample.workers.WorkerSettings;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, inputs 2 and 5: the stack on a real Redis (append-only file) and a real PostgreSQL, extraction traffic
 * flowing (some tasks retried, some slow), Redis stopped for 10 s and started again. The outage is shorter than the
 * issue's 30 s but longer than five heartbeat TTLs (2 s here), so it takes the same paths: attempts that end while
 * Redis is down, retries that cannot be queued, heartbeats that expire, submissions that cannot be queued. Every
 * accepted task (202) ends succeeded or failed; every refused submission leaves no task state behind.
 */
class RedisOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TERMINAL = Set.of("succeeded", "failed");

  @Test
  void aRedisOutageLosesNoAcceptedTaskAndARefusedSubmissionLeavesNoState() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.startPersistent();
        PostgresServerProcess pg = PostgresServerProcess.start();
        AllInOneStack stack = AllInOneStack.builder().host("127.0.0.1").apiPort(0).apiMetricsPort(0).metricsPorts(0, 0)
            .apiRegistry(new PrometheusRegistry())
            .metricsConfig(PyBaseMetricsConfig.builder().jvmMetrics(false).build())
            .workerSettings(new WorkerSettings(4, 0, 3, redis.uri(), Duration.ofSeconds(2), Duration.ofMillis(200)))
            .database(new DatabaseConfig(pg.jdbcUrl(), pg.user(), "", 5))
            .start()) {
      ApiClient api = new ApiClient(stack.apiPort());
      List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
      Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Thread t = new Thread(() -> {
          while (running.get()) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            String body = "{\"file_type\":\"txt\",\"filename\":\"n.txt\",\"content\":\"outage " + rnd.nextInt()
                + "\",\"delay_ms\":" + (100 + rnd.nextInt(700)) + (rnd.nextInt(3) > 0 ? ",\"fail_attempts\":1" : "")
                + "}";
            try {
              HttpResponse<String> r = api.post("/api/v1/extractions", body);
              outcomes.computeIfAbsent(Integer.toString(r.statusCode()), k -> new AtomicInteger()).incrementAndGet();
              if (r.statusCode() == 202) {
                accepted.add(JSON.readTree(r.body()).path("task_id").asText());
              }
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            } catch (Exception e) {
              outcomes.computeIfAbsent("io_error", k -> new AtomicInteger()).incrementAndGet();
            }
          }
        }, "outage-client-" + i);
        t.start();
        clients.add(t);
      }
      try {
        Thread.sleep(3000);
        redis.stop();
        Thread.sleep(10_000);
        redis.restart();
        Thread.sleep(3000);
      } finally {
        running.set(false);
        for (Thread t : clients) {
          t.join(35_000);
        }
      }

      Map<String, String> last = new ConcurrentHashMap<>();
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
          boolean all = true;
          for (String id : List.copyOf(accepted)) {
            if (terminal(last.get(id))) {
              continue;
            }
            JsonNode state = JSON.readTree(api.get("/api/v1/extractions/" + id).body());
            last.put(id, state.path("status").asText());
            all &= terminal(state.path("status").asText());
          }
          return all;
        });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // reported by the assertions below, with the numbers
      }
      long finished = accepted.stream().filter(id -> terminal(last.get(id))).count();
      Map<String, Integer> byStatus = new TreeMap<>();
      accepted.forEach(id -> byStatus.merge(String.valueOf(last.get(id)), 1, Integer::sum));
      System.out.println("outage test: submissions " + new TreeMap<>(outcomes) + "; accepted " + accepted.size()
          + ", finished " + finished + ", lost " + (accepted.size() - finished) + " " + byStatus);

      assertThat(outcomes.keySet()).as("some submissions were refused during the outage")
          .anyMatch(k -> k.startsWith("5"));
      assertThat(accepted.size() - finished).as("accepted tasks that never finished: %s", byStatus).isZero();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM task_states")) {
        rs.next();
        assertThat(rs.getLong(1)).as("task states: one per accepted task, none for a refused submission")
            .isEqualTo(accepted.size());
      }
    }
  }

  private static boolean terminal(String status) {
    return status != null && TERMINAL.contains(status);
  }
}
