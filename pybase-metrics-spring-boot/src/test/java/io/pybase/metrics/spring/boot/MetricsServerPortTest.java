package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code pybase.metrics.server.port}: the metrics on a port and threads of their own. */
class MetricsServerPortTest {

  /** What a scraper allows one scrape: slower counts as not answered. */
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(1);

  private static int metricsPort(RunningApp app) {
    return Integer.parseInt(app.context.getEnvironment().getRequiredProperty(MetricsServerLifecycle.LOCAL_PORT_PROPERTY));
  }

  @Test
  void servesTheMetricsOnTheirOwnPortAndNotOnTheApplicationPort() {
    try (RunningApp app = RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=0",
        "pybase.metrics.server.address=127.0.0.1")) {
      app.get("/api/v1/tables/t1/records/r1");

      int port = metricsPort(app);
      assertThat(port).isNotEqualTo(app.port);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(RunningApp.scrape(port, "/api/v1/metrics",
          null).requests("GET", "/api/v1/tables/{tableId}/records/{recordId}", 200)).isEqualTo(1));
      assertThat(app.get("/api/v1/metrics").statusCode()).isEqualTo(404);
      assertThat(app.context.getBean(InstallationReport.class).line())
          .contains("endpoint /api/v1/metrics on its own server, port any free, 4 threads (no auth)");
    }
  }

  @Test
  void theMetricsPortAnswersWhileEveryRequestThreadIsBusy() throws Exception {
    TestApps.MoreController.release = new CountDownLatch(1);
    try (RunningApp app = RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=0",
        "server.tomcat.threads.max=2", "server.tomcat.threads.min-spare=1")) {
      HttpClient client = HttpClient.newHttpClient();
      List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        slow.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port + "/api/v1/slow/" + i))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      int port = metricsPort(app);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(RunningApp.scrape(port, "/api/v1/metrics", null).value("http_requests_in_flight")).isEqualTo(2));
      assertThat(slow).noneMatch(CompletableFuture::isDone);

      TestApps.MoreController.release.countDown();
      for (CompletableFuture<HttpResponse<String>> response : slow) {
        assertThat(response.get().statusCode()).isEqualTo(200);
      }
      // recorded once the filter's chain returns, which can be just after the client has the response
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          RunningApp.scrape(port, "/api/v1/metrics", null).requests("GET", "/api/v1/slow/{id}", 200)).isEqualTo(3));
    } finally {
      TestApps.MoreController.release.countDown();
    }
  }

  @Test
  void theMetricsPortRequiresTheEndpointsCredentials() {
    try (RunningApp app = RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=0",
        "pybase.metrics.bearer-token=s3cret")) {
      int port = metricsPort(app);
      HttpResponse<String> anonymous = RunningApp.send(port, "GET", "/api/v1/metrics", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
      assertThat(RunningApp.send(port, "GET", "/api/v1/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
      RunningApp.scrape(port, "/api/v1/metrics", "Bearer s3cret");
    }
  }

  @Test
  void aMetricsPortInUseStopsStartUpWithOneLineNamingTheSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=" + port,
          "pybase.metrics.server.address=127.0.0.1"))
          .satisfies(e -> assertThat(new PyBaseMetricsFailureAnalyzer().analyze(e).getDescription()).isEqualTo(
              "Cannot start the metrics server: port " + port + " on 127.0.0.1 is already in use"
                  + " (pybase.metrics.server.port=" + port + ")"));
    }
  }

  @Test
  void withMetricsOffTheMetricsPortSaysSoAndStillAnswersHealth() {
    try (RunningApp app = RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=0",
        "pybase.metrics.enabled=false")) {
      int port = metricsPort(app);
      HttpResponse<String> scrape = RunningApp.send(port, "GET", "/api/v1/metrics", null);
      assertThat(scrape.statusCode()).isEqualTo(404);
      assertThat(scrape.body()).contains("PROMETHEUS_ENABLED=false");
      assertThat(RunningApp.send(port, "GET", "/health", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBadServerSettingStopsStartUpWithOneLineNamingItsKey() {
    assertThatThrownBy(() -> RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=0",
        "pybase.metrics.server.threads=0"))
        .rootCause()
        .hasMessage("Invalid PROMETHEUS_METRICS_SERVER_THREADS='0': expected an integer from 1 to 64"
            + " (from pybase.metrics.server.threads)");
  }

  /**
   * Issue 14 input 1 on the starter's port (client_java's JDK server, which the starter used before, reads headers on
   * its two threads: two such clients stopped every scrape). Here slow-header connections, more than the port has
   * threads, hold no thread and are dropped at the request-header deadline, while every scrape is answered.
   */
  @Test
  void slowHeaderClientsNeitherStopScrapesNorKeepTheirConnectionsPastTheHeaderDeadline() throws Exception {
    try (RunningApp app = RunningApp.start(TestApps.RoutesApp.class, "pybase.metrics.server.port=0",
        "pybase.metrics.server.address=127.0.0.1", "pybase.metrics.server.threads=2",
        "pybase.metrics.server.request-header-timeout-seconds=2")) {
      int port = metricsPort(app);
      HttpClient scraper = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(SCRAPE_TIMEOUT).build();
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket socket = new Socket(java.net.InetAddress.getLoopbackAddress(), port);
          slow.add(socket);
          send(socket, "GET /api/v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        }
        int scrapes = 0;
        int answered = 0;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4); System.nanoTime() < end; scrapes++) {
          for (int i = 0; i < slow.size(); i++) {
            send(slow.get(i), "X-Slow-" + scrapes + ": 1\r\n");   // a header line now and then: never idle
          }
          if (scrape(scraper, port) == 200) {
            answered++;
          }
          TimeUnit.MILLISECONDS.sleep(500);
        }

        assertThat(answered).as("scrapes answered within %s while %d clients trickle headers", SCRAPE_TIMEOUT,
            slow.size()).isEqualTo(scrapes).isGreaterThanOrEqualTo(5);
        assertThat(slow).as("slow connections the metrics port has closed")
            .allSatisfy(socket -> assertThat(closedByServer(socket)).isTrue());
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  /** Writes {@code text}; a connection the server has already closed may refuse it, which is what the test awaits. */
  private static void send(Socket socket, String text) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      // closed by the server
    }
  }

  /** Whether the server closed the connection (end of stream or reset) within 5 s without answering anything. */
  private static boolean closedByServer(Socket socket) {
    try {
      socket.setSoTimeout(5_000);
      InputStream in = socket.getInputStream();
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private static int scrape(HttpClient client, int port) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/metrics"))
        .timeout(SCRAPE_TIMEOUT).build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;   // timed out or refused: not answered
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
