package io.pybase.metrics.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The limits Jetty's own settings do not cover, on a real server: the request-header deadline (what a slow client
 * meets), the connection limit, and that neither touches a legitimate request or a kept-alive connection.
 */
class ConnectionLimitsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(1);

  private static MetricsServer start(MetricsServerConfig.Builder config) {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    return start(metrics, config);
  }

  private static MetricsServer start(PyBaseMetrics metrics, MetricsServerConfig.Builder config) {
    return MetricsServer.builder().metrics(metrics)
        .config(config.host("127.0.0.1").port(0).requestHeaderTimeout(DEADLINE).build()).start();
  }

  @Test
  void closesAConnectionWhoseHeadersTrickleInPastTheDeadlineAlthoughItIsNeverIdle() throws InterruptedException {
    try (MetricsServer server = start(MetricsServerConfig.builder().idleTimeout(Duration.ofSeconds(30)));
        RawConnection slow = new RawConnection(server.port())) {
      long start = System.nanoTime();
      slow.send("GET /metrics HTTP/1.1\r\n");
      boolean closed = false;
      for (int line = 0; line < 40 && !closed; line++) {
        TimeUnit.MILLISECONDS.sleep(250);
        closed = !slow.send("X-Slow-" + line + ": 1\r\n") || slow.closedByServer();
      }
      long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(closed).as("closed within 10 s, never idle for 30 s").isTrue();
      assertThat(heldMillis).as("not closed before the 1 s deadline").isGreaterThanOrEqualTo(DEADLINE.toMillis());
      assertThat(server.connectionsClosedForSlowHeaders()).isEqualTo(1);
    }
  }

  @Test
  void closesALateConnectionWithoutAnsweringItAsJettysIdleTimeoutDoes() {
    try (MetricsServer server = start(MetricsServerConfig.builder().idleTimeout(Duration.ofSeconds(30)));
        RawConnection slow = new RawConnection(server.port())) {
      slow.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");

      assertThat(slow.readUntilClosed(Duration.ofSeconds(10))).as("what the server sent before closing").isEmpty();
      assertThat(server.connectionsClosedForSlowHeaders()).isEqualTo(1);
    }
  }

  @Test
  void closesAConnectionThatSendsNothingLongBeforeTheIdleTimeout() {
    try (MetricsServer server = start(MetricsServerConfig.builder().idleTimeout(Duration.ofSeconds(60)));
        RawConnection silent = new RawConnection(server.port())) {
      assertThat(silent.awaitClosedBy(Duration.ofSeconds(10))).isTrue();
      assertThat(server.connectionsClosedForSlowHeaders()).isEqualTo(1);
    }
  }

  @Test
  void keepsAKeptAliveConnectionBetweenRequestsLongerThanTheHeaderDeadline() throws InterruptedException {
    try (MetricsServer server = start(MetricsServerConfig.builder().idleTimeout(Duration.ofSeconds(30)));
        RawConnection scraper = new RawConnection(server.port())) {
      scraper.send(RawConnection.get("/health"));
      assertThat(scraper.readResponse()).containsExactly("HTTP/1.1 200 OK", "ok\n");

      TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() * 5 / 2);

      assertThat(scraper.closedByServer()).isFalse();
      scraper.send(RawConnection.get("/health"));
      assertThat(scraper.readResponse()).containsExactly("HTTP/1.1 200 OK", "ok\n");
      assertThat(server.connectionsClosedForSlowHeaders()).isZero();
    }
  }

  @Test
  void closesAKeptAliveConnectionWhoseNextRequestTricklesIn() throws InterruptedException {
    try (MetricsServer server = start(MetricsServerConfig.builder().idleTimeout(Duration.ofSeconds(30)));
        RawConnection client = new RawConnection(server.port())) {
      client.send(RawConnection.get("/health"));
      assertThat(client.readResponse()[0]).isEqualTo("HTTP/1.1 200 OK");

      client.send("GET /metrics HTTP/1.1\r\n");
      boolean closed = false;
      for (int line = 0; line < 40 && !closed; line++) {
        TimeUnit.MILLISECONDS.sleep(250);
        closed = !client.send("X-Slow-" + line + ": 1\r\n") || client.closedByServer();
      }

      assertThat(closed).isTrue();
      assertThat(server.connectionsClosedForSlowHeaders()).isEqualTo(1);
    }
  }

  @Test
  void aRequestQueuedBehindSlowScrapesLongerThanTheDeadlineIsStillAnswered() throws Exception {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    Collector slowCollector = () -> {
      try {
        TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() * 3 / 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return GaugeSnapshot.builder().name("slow_collector").dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build()).build();
    };
    metrics.registry().register(slowCollector);
    try (MetricsServer server = start(metrics, MetricsServerConfig.builder().threads(1))) {
      List<RawConnection> scrapers = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RawConnection scraper = new RawConnection(server.port());
          scrapers.add(scraper);
          scraper.send(RawConnection.get("/metrics"));   // whole requests at once: only the server is slow
        }
        for (RawConnection scraper : scrapers) {
          assertThat(scraper.readResponse()[0]).isEqualTo("HTTP/1.1 200 OK");
        }
      } finally {
        scrapers.forEach(RawConnection::close);
      }
      assertThat(server.connectionsClosedForSlowHeaders()).isZero();
    }
  }

  @Test
  void beyondMaxConnectionsANewClientWaitsForASlotInsteadOfBeingServedOrRefused() throws Exception {
    try (MetricsServer server = start(MetricsServerConfig.builder().maxConnections(2));
        RawConnection first = new RawConnection(server.port());
        RawConnection second = new RawConnection(server.port())) {
      CompletableFuture<Integer> third = CompletableFuture.supplyAsync(
          () -> HttpGet.get(server.port(), "/health").statusCode());
      TimeUnit.MILLISECONDS.sleep(DEADLINE.toMillis() / 2);
      assertThat(third).as("not served while both slots are taken").isNotDone();

      Integer status = third.get(30, TimeUnit.SECONDS);

      assertThat(status).isEqualTo(200);
      // both reach their header deadline at about the same time; the third is answered as soon as the first is
      // closed, so the second's close may come a little later on a busy machine: wait for it, not 50 ms
      assertThat(first.awaitClosedBy(DEADLINE)).as("the first silent connection was closed to make room").isTrue();
      assertThat(second.awaitClosedBy(DEADLINE)).as("the second silent connection was closed to make room").isTrue();
    }
  }

  @Test
  void refusesRequestHeadersOver8KiBWith431() {
    try (MetricsServer server = start(MetricsServerConfig.builder());
        RawConnection client = new RawConnection(server.port())) {
      client.send("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n");

      assertThat(client.readResponse()[0]).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
    }
  }
}
