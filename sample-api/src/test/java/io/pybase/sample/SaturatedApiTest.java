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
import io.pybase.sample.transport.TaskTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, case 10, on the real sample API (embedded Jetty 12 with its default pool of 200 threads): 400 users
 * sending slow requests back to back hold every thread and queue for more, so scrapes of
 * {@code :API_PORT/api/v1/metrics} wait behind them (seconds, as the figures printed show); the API's own metrics port
 * ({@code API_METRICS_PORT}, its own few threads) must answer every scrape within a scraper's 1 s timeout the whole
 * time.
 */
class SaturatedApiTest {

  private static final int USERS = 400;
  private static final Duration DELAY = Duration.ofSeconds(5);
  /** How long both endpoints are scraped while the load runs. */
  private static final Duration WINDOW = Duration.ofSeconds(15);
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
      assertThat(get(http, apiEndpoint, Duration.ofSeconds(30)).statusCode()).isEqualTo(200);
      assertThat(get(http, metricsPort, Duration.ofSeconds(30)).statusCode()).isEqualTo(200);

      // 400 users at once, each sending its next slow request as soon as the last one is answered
      AtomicBoolean loaded = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      ExecutorService users = Executors.newFixedThreadPool(USERS);
      for (int i = 0; i < USERS; i++) {
        users.execute(() -> slowRequests(api.port(), loaded, answered));
      }
      ExecutorService apiScraper = Executors.newSingleThreadExecutor();
      try {
        await("every API thread busy with a slow request").atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> inFlight(get(http, metricsPort, SCRAPE_TIMEOUT).body()) >= 150);

        // the API's own endpoint scraped back to back for the whole window (each may wait up to 60 s) ...
        long windowEnd = System.nanoTime() + WINDOW.toNanos();
        Future<List<Long>> viaApi = apiScraper.submit(() -> {
          List<Long> millis = new ArrayList<>();
          while (System.nanoTime() < windowEnd) {
            long start = System.nanoTime();
            assertThat(get(http, apiEndpoint, Duration.ofSeconds(60)).statusCode()).isEqualTo(200);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          }
          return millis;
        });
        // ... and the metrics port every 500 ms, each scrape with a scraper's 1 s timeout
        int scrapes = 0;
        long slowest = 0;
        double busiest = 0;
        while (System.nanoTime() < windowEnd || !viaApi.isDone()) {
          long start = System.nanoTime();
          HttpResponse<String> scrape = get(http, metricsPort, SCRAPE_TIMEOUT);
          slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          assertThat(scrape.statusCode()).isEqualTo(200);
          busiest = Math.max(busiest, inFlight(scrape.body()));
          scrapes++;
          TimeUnit.MILLISECONDS.sleep(500);
        }
        List<Long> apiMillis = viaApi.get(60, TimeUnit.SECONDS);

        System.out.printf("saturated API: %d users sending requests that sleep %d ms back to back, up to %.0f in"
                + " flight; :API_PORT/api/v1/metrics scraped %d times in %d s, slowest %d ms (%s ms);"
                + " :API_METRICS_PORT/metrics answered %d/%d scrapes meanwhile, slowest %d ms%n", USERS,
            DELAY.toMillis(), busiest, apiMillis.size(), WINDOW.toSeconds(), Collections.max(apiMillis), apiMillis,
            scrapes, scrapes, slowest);
        assertThat(busiest).as("requests in flight: the API's pool was saturated").isGreaterThanOrEqualTo(150);
      } finally {
        loaded.set(false);
        apiScraper.shutdownNow();
        users.shutdown();
        assertThat(users.awaitTermination(60, TimeUnit.SECONDS)).as("users stopped").isTrue();
      }
      assertThat(answered.get()).as("slow requests answered 200").isGreaterThanOrEqualTo(USERS);
    }
  }

  /** One user: a slow request on a new connection, read to the end, then the next, while {@code loaded}. */
  private static void slowRequests(int port, AtomicBoolean loaded, AtomicInteger answered) {
    byte[] request = ("GET /api/v1/tables/projects/records?delay_ms=" + DELAY.toMillis() + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    while (loaded.get()) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(request);
        byte[] response = socket.getInputStream().readAllBytes();
        if (new String(response, 0, Math.min(12, response.length), StandardCharsets.US_ASCII)
            .equals("HTTP/1.1 200")) {
          answered.incrementAndGet();
        }
      } catch (IOException e) {
        return; // the API went away: the count of answered requests shows it
      }
    }
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
    for (String line : exposition.split("\n", -1)) {
      if (line.startsWith(IN_FLIGHT)) {
        return Double.parseDouble(line.substring(IN_FLIGHT.length()).trim());
      }
    }
    return 0;
  }

}
