package io.pybase.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.sample.api.ApiServer;
import io.pybase.sample.api.ApiSettings;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.workers.TaskTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, case 10, on the real sample API (embedded Jetty 12 with its default pool of 200 threads): 400 users
 * sending slow requests back to back hold every thread and keep requests queued, so a scrape of
 * {@code :API_PORT/api/v1/metrics} waits behind them; the API's own metrics port ({@code API_METRICS_PORT}, its own few
 * threads) must answer every scrape within a scraper's 1 s timeout the whole time.
 */
class SaturatedApiTest {

  private static final int USERS = 400;
  private static final Duration DELAY = Duration.ofSeconds(3);
  private static final Duration LOAD = Duration.ofSeconds(14);
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(1);
  private static final String IN_FLIGHT = "http_requests_in_flight ";

  @Test
  void theApisMetricsPortAnswersScrapesWhileEveryApiThreadIsBusy() throws Exception {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (TaskTransport transport = TaskTransport.inMemory();
        ApiServer api = ApiServer.builder(metrics, transport)
            .settings(ApiSettings.defaults().withHost("127.0.0.1").withPort(0).withMetricsPort(0))
            .database(new DatabaseConfig("jdbc:h2:mem:saturated-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
                "", 10))
            .servletConfig(ServletMetricsConfig.builder().build())
            .metricsServerConfig(MetricsServerConfig.builder().build())
            .start()) {
      String apiEndpoint = "http://127.0.0.1:" + api.port() + "/api/v1/metrics";
      String metricsPort = "http://127.0.0.1:" + api.metricsPort() + "/metrics";
      URI slowRequest = URI.create("http://127.0.0.1:" + api.port() + "/api/v1/tables/projects/records?delay_ms="
          + DELAY.toMillis());
      assertThat(get(http, apiEndpoint, Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
      assertThat(get(http, metricsPort, Duration.ofSeconds(30)).statusCode()).isEqualTo(200);

      // 400 users, each sending its next slow request as soon as the last one is answered, for LOAD
      long loadEnd = System.nanoTime() + LOAD.toNanos();
      List<CompletableFuture<Integer>> users = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        users.add(slowRequests(http, slowRequest, loadEnd, 0));
      }
      await("every API thread busy with a slow request").atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> inFlight(get(http, metricsPort, SCRAPE_TIMEOUT).body()) >= 150);
      TimeUnit.MILLISECONDS.sleep(DELAY.toMillis()); // a full round: requests now queue for threads

      long apiStart = System.nanoTime();
      CompletableFuture<HttpResponse<String>> apiScrape = http.sendAsync(HttpRequest.newBuilder(URI.create(apiEndpoint))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      CompletableFuture<Long> apiMillis = apiScrape.thenApply(
          r -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - apiStart));
      int scrapes = 0;
      long slowestMillis = 0;
      double busiest = 0;
      while (!apiScrape.isDone() && scrapes < 60) {
        long start = System.nanoTime();
        HttpResponse<String> scrape = get(http, metricsPort, SCRAPE_TIMEOUT);
        slowestMillis = Math.max(slowestMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        assertThat(scrape.statusCode()).isEqualTo(200);
        busiest = Math.max(busiest, inFlight(scrape.body()));
        scrapes++;
        TimeUnit.MILLISECONDS.sleep(500);
      }
      HttpResponse<String> viaApi = apiScrape.get(60, TimeUnit.SECONDS);
      int answered = 0;
      for (CompletableFuture<Integer> user : users) {
        answered += user.get(60, TimeUnit.SECONDS);
      }

      System.out.printf("saturated API: %d users sending requests that sleep %d ms for %d s (%d answered), up to %.0f"
              + " in flight; :API_PORT/api/v1/metrics answered %d in %d ms; :API_METRICS_PORT/metrics answered"
              + " %d/%d scrapes meanwhile, slowest %d ms%n", USERS, DELAY.toMillis(), LOAD.toSeconds(), answered,
          busiest, viaApi.statusCode(), apiMillis.get(), scrapes, scrapes, slowestMillis);
      assertThat(scrapes).as("scrapes of the metrics port while the API's own endpoint waited").isPositive();
      assertThat(busiest).as("requests in flight: the API's pool was saturated").isGreaterThanOrEqualTo(150);
      assertThat(viaApi.statusCode()).isEqualTo(200);
    }
  }

  /** One user: slow requests one after another until {@code end}; completes with how many were answered 200. */
  private static CompletableFuture<Integer> slowRequests(HttpClient http, URI uri, long end, int answered) {
    if (System.nanoTime() >= end) {
      return CompletableFuture.completedFuture(answered);
    }
    return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.discarding())
        .thenCompose(r -> slowRequests(http, uri, end, answered + (r.statusCode() == 200 ? 1 : 0)));
  }

  private static HttpResponse<String> get(HttpClient http, String url, Duration timeout) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(url + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double inFlight(String exposition) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(IN_FLIGHT)) {
        return Double.parseDouble(line.substring(IN_FLIGHT.length()).trim());
      }
    }
    return 0;
  }

}
