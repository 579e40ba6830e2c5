package io.pybase.metrics.httpserver;

import static io.pybase.metrics.httpserver.HttpGet.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.endpoint.MetricsEndpointConfig;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

  private static PyBaseMetrics metrics(boolean enabled) {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().enabled(enabled).jvmMetrics(false).build());
    if (enabled) {
      metrics.http().requestFinished("GET", "/api/v1/things", 200, 2_000_000);
    }
    return metrics;
  }

  private static MetricsServer start(PyBaseMetrics metrics, MetricsServerConfig.Builder config) {
    return MetricsServer.builder().metrics(metrics).config(config.host("127.0.0.1").port(0).build()).start();
  }

  @Test
  void servesTheCataloguesExpositionAtMetricsAndOkAtHealth() {
    try (MetricsServer server = start(metrics(true), MetricsServerConfig.builder())) {
      HttpResponse<String> scrape = get(server.port(), "/metrics");
      HttpResponse<String> health = get(server.port(), "/health");
      HttpResponse<String> index = get(server.port(), "/");

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
      assertThat(scrape.body())
          .contains("http_requests_total{endpoint=\"/api/v1/things\",method=\"GET\",status=\"200\"} 1.0");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");
      assertThat(index.body()).isEqualTo("PyBase metrics: /metrics (Prometheus), /health (health)\n");
      assertThat(scrape.headers().firstValue("Server")).isEmpty();
    }
  }

  @Test
  void negotiatesOpenMetricsProtobufGzipAndNameFiltersAsTheServletEndpointDoes() throws IOException {
    try (MetricsServer server = start(metrics(true), MetricsServerConfig.builder())) {
      HttpResponse<String> openMetrics = get(server.port(), "/metrics?name[]=http_requests_total",
          "Accept", "application/openmetrics-text; version=1.0.0");
      HttpResponse<byte[]> gzip = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.port() + "/metrics")).header("Accept-Encoding", "gzip")
              .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());

      assertThat(openMetrics.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/openmetrics-text"));
      assertThat(openMetrics.body()).contains("http_requests_total{").doesNotContain("api_latency_histogram")
          .endsWith("# EOF\n");
      HttpResponse<String> protobuf = get(server.port(), "/metrics", "Accept",
          "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
      assertThat(protobuf.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/vnd.google.protobuf"));
      assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
      String unzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes(),
          StandardCharsets.UTF_8);
      assertThat(unzipped).contains("# TYPE api_latency_histogram histogram");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void answersHeadWithoutABody() {
    try (MetricsServer server = start(metrics(true), MetricsServerConfig.builder())) {
      HttpResponse<String> head = HttpGet.send(server.port(), "HEAD", "/metrics", Duration.ofSeconds(30));
      HttpResponse<String> healthHead = HttpGet.send(server.port(), "HEAD", "/health", Duration.ofSeconds(30));

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(healthHead.statusCode()).isEqualTo(200);
      assertThat(healthHead.body()).isEmpty();
    }
  }

  @Test
  void answersUnknownPaths404AndMethodsOtherThanGetOrHead405() {
    try (MetricsServer server = start(metrics(true), MetricsServerConfig.builder().healthPath("/healthz"))) {
      HttpResponse<String> unknown = get(server.port(), "/nope");
      HttpResponse<String> post = HttpGet.send(server.port(), "POST", "/metrics", Duration.ofSeconds(30));

      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).isEqualTo("Not found. Metrics are at /metrics, health at /healthz\n");
      assertThat(get(server.port(), "/health").statusCode()).isEqualTo(404);
      assertThat(get(server.port(), "/healthz").body()).isEqualTo("ok\n");
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(HttpGet.send(server.port(), "DELETE", "/healthz", Duration.ofSeconds(30)).statusCode())
          .isEqualTo(405);
    }
  }

  @Test
  void withPrometheusDisabledHealthAnswersAndTheMetricsPathSaysWhyItIs404() {
    try (MetricsServer server = start(metrics(false), MetricsServerConfig.builder())) {
      HttpResponse<String> scrape = get(server.port(), "/metrics");
      HttpResponse<String> health = get(server.port(), "/health");

      assertThat(server.isRunning()).isTrue();
      assertThat(scrape.statusCode()).isEqualTo(404);
      assertThat(scrape.body()).isEqualTo("Metrics are disabled (PROMETHEUS_ENABLED=false); health is at /health\n");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok (metrics disabled: PROMETHEUS_ENABLED=false)\n");
    }
  }

  @Test
  void aBearerTokenProtectsTheMetricsPathButNotHealth() {
    try (MetricsServer server = start(metrics(true), MetricsServerConfig.builder().bearerToken("s3cret"))) {
      HttpResponse<String> anonymous = get(server.port(), "/metrics");
      HttpResponse<String> wrong = get(server.port(), "/metrics", "Authorization", "Bearer nope");
      HttpResponse<String> right = get(server.port(), "/metrics", "Authorization", "Bearer s3cret");

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
      assertThat(anonymous.body()).doesNotContain("http_requests_total");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("http_requests_total{");
      assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void basicAuthFromTheEnvironmentProtectsAConfiguredMetricsPath() {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_USERNAME", "prometheus",
        "PROMETHEUS_METRICS_PASSWORD", "pw", "PROMETHEUS_METRICS_PATH", "/internal/metrics",
        "PROMETHEUS_METRICS_HOST", "127.0.0.1", "PROMETHEUS_METRICS_PORT", "0"));
    try (MetricsServer server = MetricsServer.builder().metrics(metrics(true)).configSource(env).start()) {
      String credentials = Base64.getEncoder().encodeToString("prometheus:pw".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> anonymous = get(server.port(), "/internal/metrics");
      HttpResponse<String> authorised = get(server.port(), "/internal/metrics", "Authorization",
          "Basic " + credentials);

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"metrics\", charset=\"UTF-8\"");
      assertThat(authorised.statusCode()).isEqualTo(200);
      assertThat(authorised.body()).contains("http_requests_total{");
      assertThat(get(server.port(), "/metrics").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void bindsOnlyTheConfiguredAddress() throws IOException {
    try (MetricsServer server = MetricsServer.builder().metrics(metrics(true))
        .config(MetricsServerConfig.builder().host("127.0.0.2").port(0).build()).start()) {
      try (Socket onBoundAddress = new Socket("127.0.0.2", server.port())) {
        assertThat(onBoundAddress.isConnected()).isTrue();
      }
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aFailingCollectorAnswers500WithOneLineAndNoStackTrace() {
    PyBaseMetrics metrics = metrics(true);
    Collector broken = () -> {
      throw new IllegalStateException("a user's collector broke");
    };
    metrics.registry().register(broken);
    try (MetricsServer server = start(metrics, MetricsServerConfig.builder())) {
      HttpResponse<String> scrape = get(server.port(), "/metrics");

      assertThat(scrape.statusCode()).isEqualTo(500);
      assertThat(scrape.body()).isEqualTo("The scrape failed: java.lang.IllegalStateException\n");
      assertThat(get(server.port(), "/health").statusCode()).isEqualTo(200);
      // later failures are logged more quietly, and answered the same
      HttpResponse<String> again = get(server.port(), "/metrics");
      assertThat(again.statusCode()).isEqualTo(500);
      assertThat(again.body()).isEqualTo("The scrape failed: java.lang.IllegalStateException\n");
    }
  }

  @Test
  void theBuildersHostAndHealthPathWinOverTheConfigsAndTheServerReportsWhatItRunsWith() throws IOException {
    PyBaseMetrics metrics = metrics(true);
    MetricsServerConfig config = MetricsServerConfig.builder().host("127.0.0.2").port(0).healthPath("/healthz").build();
    try (MetricsServer server = MetricsServer.builder().metrics(metrics).config(config)
        .host("127.0.0.1").healthPath("/ready").start()) {
      assertThat(server.config().host()).isEqualTo("127.0.0.1");
      assertThat(server.config().healthPath()).isEqualTo("/ready");
      assertThat(server.metrics()).isSameAs(metrics);
      assertThat(get(server.port(), "/ready").body()).isEqualTo("ok\n");
      assertThat(get(server.port(), "/healthz").statusCode()).isEqualTo(404);
      assertThatThrownBy(() -> new Socket("127.0.0.2", server.port()).close())
          .as("not bound on the config's address").isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aPortInUseFailsWithOneLineNamingTheVariableTheAddressAndThePortAndLeavesNoThreads() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PORT", String.valueOf(port),
          "PROMETHEUS_METRICS_HOST", "127.0.0.1"));

      assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true)).configSource(env).start())
          .isInstanceOfSatisfying(MetricsServerStartException.class, e -> {
            assertThat(e.variable()).hasValue("PROMETHEUS_METRICS_PORT");
            assertThat(e.port()).isEqualTo(port);
            assertThat(e.host()).isEqualTo("127.0.0.1");
          })
          .hasMessage("Cannot start the metrics server: port " + port + " on 127.0.0.1 is already in use "
              + "(PROMETHEUS_METRICS_PORT=" + port + ")");
      assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true)).configSource(env).port(port).start())
          .isInstanceOfSatisfying(MetricsServerStartException.class, e -> assertThat(e.variable()).isEmpty())
          .hasMessage("Cannot start the metrics server: port " + port + " on 127.0.0.1 is already in use");
    }
    Awaitility.await("threads of the servers that failed to start stopped")
        .atMost(Duration.ofSeconds(10)).until(() -> serverThreads() == 0);
  }

  @Test
  void aPortInUseNamesTheVariableItCameFromWhicheverWayTheConfigWasRead() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String inUse = "Cannot start the metrics server: port " + port + " on 127.0.0.1 is already in use";
      ConfigSource beside = ConfigSource.of(Map.of("PROMETHEUS_METRICS_SERVER_PORT", String.valueOf(port),
          "PROMETHEUS_METRICS_SERVER_HOST", "127.0.0.1"));
      MetricsServerConfig besideApplication = MetricsServerConfig.besideApplication(beside,
          MetricsEndpointConfig.builder().path("/api/v1/metrics").build()).orElseThrow();
      assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true)).config(besideApplication).start())
          .isInstanceOfSatisfying(MetricsServerStartException.class,
              e -> assertThat(e.variable()).hasValue("PROMETHEUS_METRICS_SERVER_PORT"))
          .hasMessage(inUse + " (PROMETHEUS_METRICS_SERVER_PORT=" + port + ")");

      MetricsServerConfig standalone = MetricsServerConfig.from(ConfigSource.of(Map.of(
          "PROMETHEUS_METRICS_PORT", String.valueOf(port), "PROMETHEUS_METRICS_HOST", "127.0.0.1")));
      assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true)).config(standalone).start())
          .hasMessage(inUse + " (PROMETHEUS_METRICS_PORT=" + port + ")");
      assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true))
          .config(standalone.toBuilder().threads(2).build()).start())
          .as("a copy keeps where its port came from").hasMessage(inUse + " (PROMETHEUS_METRICS_PORT=" + port + ")");

      MetricsServerConfig inCode = standalone.toBuilder().port(port).build();
      assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true)).config(inCode).start())
          .as("a port set in code has no variable to name")
          .isInstanceOfSatisfying(MetricsServerStartException.class, e -> assertThat(e.variable()).isEmpty())
          .hasMessage(inUse);
      assertThat(inCode).as("where a value came from is not part of the value").isEqualTo(standalone);
    }
  }

  @Test
  void aMetricsPathEqualToTheHealthPathIsRefusedAtStartNamingBoth() {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PATH", "/health"));
    String message = "Invalid PROMETHEUS_METRICS_PATH='/health': expected a path other than the health path "
        + "(PROMETHEUS_METRICS_HEALTH_PATH=/health)";

    assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true)).configSource(env).start())
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    assertThatThrownBy(() -> MetricsServerConfig.builder().metricsPath("/health").build())
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    assertThatThrownBy(() -> MetricsServer.builder().metrics(metrics(true))
        .config(MetricsServerConfig.builder().metricsPath("/up").build()).healthPath("/up").start())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Invalid PROMETHEUS_METRICS_PATH='/up': expected a path other than the health path "
            + "(PROMETHEUS_METRICS_HEALTH_PATH=/up)");
  }

  @Test
  void closeStopsItsThreadsAndFreesThePort() throws IOException {
    MetricsServer server = start(metrics(true), MetricsServerConfig.builder());
    int port = server.port();
    assertThat(get(port, "/health").statusCode()).isEqualTo(200);
    assertThat(serverThreads()).isPositive();

    server.close();
    server.close();

    assertThat(server.isRunning()).isFalse();
    assertThat(server.port()).isEqualTo(-1);
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> serverThreads() == 0);
  }

  private static long serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("pybase-metrics-server")).count();
  }
}
