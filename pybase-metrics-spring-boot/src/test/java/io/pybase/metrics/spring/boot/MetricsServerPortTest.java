package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** {@code pybase.metrics.server.port}: the metrics on a port and threads of their own. */
class MetricsServerPortTest {

  private static int metricsPort(RunningApp app) {
    return Integer.parseInt(app.context.getEnvironment().getRequiredProperty(MetricsServer.LOCAL_PORT_PROPERTY));
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
          .contains("endpoint /api/v1/metrics on its own server, port any free, 2 threads (no auth)");
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
}
