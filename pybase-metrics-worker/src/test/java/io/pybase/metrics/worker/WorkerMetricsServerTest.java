package io.pybase.metrics.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerMetricsServerTest {

  @Test
  void servesMetricsInTheTextFormatAndAHealthPath() {
    try (ScrapedWorker worker = ScrapedWorker.start()) {
      HttpResponse<String> metrics = worker.get("/metrics");
      HttpResponse<String> health = worker.get("/health");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain"));
      assertThat(metrics.body()).contains("# TYPE celery_active_workers gauge")
          .contains(ScrapedWorker.active(ScrapedWorker.WORKER) + " 0");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok\n");
    }
  }

  @Test
  void servesOpenMetricsWhenTheScraperAsksForIt() {
    try (ScrapedWorker worker = ScrapedWorker.start()) {
      HttpResponse<String> metrics = new ScrapedClient(worker.server.port())
          .get("/metrics", "application/openmetrics-text; version=1.0.0");

      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/openmetrics-text"));
      assertThat(metrics.body()).endsWith("# EOF\n");
    }
  }

  @Test
  void answersUnknownPathsWith404() {
    try (ScrapedWorker worker = ScrapedWorker.start(b -> b.healthPath("/healthz"))) {
      assertThat(worker.get("/nope").statusCode()).isEqualTo(404);
      assertThat(worker.get("/health").statusCode()).isEqualTo(404);
      assertThat(worker.get("/healthz").body()).isEqualTo("ok\n");
    }
  }

  @Test
  void takesPortAndWorkerNameFromTheEnvironmentVariables() throws IOException {
    int free;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      free = probe.getLocalPort();
    }
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PORT", String.valueOf(free),
        "WORKER_NAME", "extraction", "PROMETHEUS_JVM_METRICS", "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));

    try (WorkerMetricsServer server = WorkerMetricsServer.builder().metrics(metrics).configSource(env)
        .host("127.0.0.1").queueLength(() -> 7).start()) {
      assertThat(server.port()).isEqualTo(free);
      assertThat(server.workerName()).isEqualTo("extraction");
      String body = new ScrapedClient(server.port()).get("/metrics").body();
      assertThat(body).contains("celery_queue_length{worker_name=\"extraction\"} 7.0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"70000", "abc", "-1"})
  void rejectsABadPortNamingTheVariableAndValueInEnvironmentAndBuilderAlike(String port) {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PORT", port, "PROMETHEUS_JVM_METRICS", "false"));
    String message = "Invalid PROMETHEUS_METRICS_PORT='" + port + "': expected an integer from 0 to 65535 (0: any "
        + "free port)";
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));
    assertThatThrownBy(() -> WorkerMetricsServer.builder().metrics(metrics).configSource(env).host("127.0.0.1")
        .start())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(message);
    if (!port.equals("abc")) {
      assertThatThrownBy(() -> WorkerMetricsServer.builder().port(Integer.parseInt(port)))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessage(message);
    }
  }

  @Test
  void workerNameIsCheckedTheSameWayInEnvironmentAndBuilder() {
    ConfigSource env = ConfigSource.of(Map.of("WORKER_NAME", "a b", "PROMETHEUS_JVM_METRICS", "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));
    String message = "Invalid WORKER_NAME='a b': expected 1 to 64 letters, digits, '_', '.' or '-'";
    assertThatThrownBy(() -> WorkerMetricsServer.builder().metrics(metrics).configSource(env).port(0).start())
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    assertThatThrownBy(() -> WorkerMetricsServer.builder().workerName("a b"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    assertThatThrownBy(() -> InstrumentedTasks.builder("t").workerName("a b"))
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
  }

  @Test
  void aConfigThatDiffersFromTheRegisteredCatalogueFailsInsteadOfBeingDropped() {
    PyBaseMetrics.get(); // what any InstrumentedTasks.wrap(..) does first
    PyBaseMetricsConfig wanted = PyBaseMetricsConfig.builder().jvmMetrics(false).maxLabelValues(5).build();

    assertThatThrownBy(() -> WorkerMetricsServer.builder().config(wanted).host("127.0.0.1").port(0).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jvmMetrics: true registered, false requested")
        .hasMessageContaining("maxLabelValues: 100 registered, 5 requested");
  }

  @Test
  void aPortInUseStopsStartUpWithOneLineNamingTheVariableAndPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
          PyBaseMetricsConfig.builder().jvmMetrics(false).build());
      ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PORT", String.valueOf(port)));

      assertThatThrownBy(() -> WorkerMetricsServer.builder().metrics(metrics).configSource(env).host("127.0.0.1")
          .start())
          .isInstanceOfSatisfying(MetricsServerStartException.class, e -> {
            assertThat(e.variable()).hasValue("PROMETHEUS_METRICS_PORT");
            assertThat(e.port()).isEqualTo(port);
          })
          .hasMessage("Cannot start the metrics server: port " + port
              + " on 127.0.0.1 is already in use (PROMETHEUS_METRICS_PORT=" + port + ")");
    }
  }

  @Test
  void rejectsAnOutOfRangePortGivenToTheBuilder() {
    assertThatThrownBy(() -> WorkerMetricsServer.builder().port(70000))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("PROMETHEUS_METRICS_PORT='70000'");
  }

  @Test
  void closeStopsTheServerAndFreesThePort() throws IOException {
    ScrapedWorker worker = ScrapedWorker.start();
    int port = worker.server.port();
    assertThat(worker.get("/health").statusCode()).isEqualTo(200);

    worker.close();
    worker.close();

    assertThat(worker.server.isRunning()).isFalse();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void withPrometheusDisabledHealthStillAnswersTheMetricsPathSaysSoAndTasksStillRun() throws Exception {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_ENABLED", "false", "PROMETHEUS_METRICS_PORT", "0",
        "PROMETHEUS_METRICS_HOST", "127.0.0.1", "PROMETHEUS_JVM_METRICS", "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));

    try (WorkerMetricsServer server = WorkerMetricsServer.builder().metrics(metrics).configSource(env)
        .queueLength(() -> 3).start()) {
      ScrapedClient client = new ScrapedClient(server.port());
      HttpResponse<String> health = client.get("/health");
      HttpResponse<String> scrape = client.get("/metrics");

      assertThat(server.isRunning()).isTrue();
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("ok (metrics disabled: PROMETHEUS_ENABLED=false)\n");
      assertThat(scrape.statusCode()).isEqualTo(404);
      assertThat(scrape.body()).isEqualTo("Metrics are disabled (PROMETHEUS_ENABLED=false); health is at /health\n");

      TaskHandler<String, String> task = InstrumentedTasks.builder("still_runs").metrics(server.metrics())
          .wrap(s -> s + "!");
      assertThat(task.handle("ok")).isEqualTo("ok!");
      assertThat(metrics.registry().scrape()).isEmpty();
      assertThat(readerThreads()).as("no queue-length reader with metrics off").isZero();
    }
  }

  @Test
  void theBearerTokenOfTheEnvironmentProtectsTheWorkersMetricsButNotItsHealth() {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_BEARER_TOKEN", "w0rker-t0ken",
        "PROMETHEUS_JVM_METRICS", "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));

    try (WorkerMetricsServer server = WorkerMetricsServer.builder().metrics(metrics).configSource(env)
        .host("127.0.0.1").port(0).workerName("extraction").start()) {
      ScrapedClient client = new ScrapedClient(server.port());
      HttpResponse<String> anonymous = client.get("/metrics");
      HttpResponse<String> wrong = client.get("/metrics", "*/*", "Authorization", "Bearer guess");
      HttpResponse<String> right = client.get("/metrics", "*/*", "Authorization", "Bearer w0rker-t0ken");

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
      assertThat(anonymous.body()).doesNotContain("celery_");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains(ScrapedWorker.active("extraction") + " 0");
      assertThat(client.get("/health").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void basicAuthAndAPathGivenInCodeProtectAndMoveTheWorkersMetrics() {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    MetricsServerConfig serverConfig = MetricsServerConfig.builder().metricsPath("/internal/metrics")
        .basicAuth("prometheus", "pw").build();

    try (WorkerMetricsServer server = WorkerMetricsServer.builder().metrics(metrics).serverConfig(serverConfig)
        .host("127.0.0.1").port(0).workerName("search").start()) {
      ScrapedClient client = new ScrapedClient(server.port());
      String basic = "Basic " + Base64.getEncoder().encodeToString("prometheus:pw".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> anonymous = client.get("/internal/metrics");
      HttpResponse<String> authorised = client.get("/internal/metrics", "*/*", "Authorization", basic);

      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
          .hasValue("Basic realm=\"metrics\", charset=\"UTF-8\"");
      assertThat(authorised.statusCode()).isEqualTo(200);
      assertThat(authorised.body()).contains(ScrapedWorker.active("search") + " 0");
      assertThat(client.get("/metrics", "*/*", "Authorization", basic).statusCode()).isEqualTo(404);
      assertThat(server.serverConfig().metricsPath()).isEqualTo("/internal/metrics");
    }
  }

  @Test
  void takesMetricsPathAndBindAddressFromTheEnvironment() throws IOException {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PATH", "/worker/metrics",
        "PROMETHEUS_METRICS_HOST", "127.0.0.2", "PROMETHEUS_METRICS_PORT", "0", "PROMETHEUS_JVM_METRICS", "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));

    try (WorkerMetricsServer server = WorkerMetricsServer.builder().metrics(metrics).configSource(env).start()) {
      HttpResponse<String> scrape = new ScrapedClient("127.0.0.2", server.port()).get("/worker/metrics");

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("# TYPE celery_active_workers gauge");
      assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close())
          .as("not bound on other addresses").isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aMetricsPathEqualToTheHealthPathIsRefusedAtStartWithWhatIsAllowed() {
    ConfigSource env = ConfigSource.of(Map.of("PROMETHEUS_METRICS_PATH", "/health", "PROMETHEUS_JVM_METRICS",
        "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));
    String message = "Invalid PROMETHEUS_METRICS_PATH='/health': expected a path other than the health path "
        + "(PROMETHEUS_METRICS_HEALTH_PATH=/health)";

    assertThatThrownBy(() -> WorkerMetricsServer.builder().metrics(metrics).configSource(env).host("127.0.0.1")
        .port(0).start())
        .isInstanceOf(InvalidConfigurationException.class).hasMessage(message);
    assertThatThrownBy(() -> WorkerMetricsServer.builder().metrics(metrics).host("127.0.0.1").port(0)
        .serverConfig(MetricsServerConfig.builder().metricsPath("/up").build()).healthPath("/up").start())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage("Invalid PROMETHEUS_METRICS_PATH='/up': expected a path other than the health path "
            + "(PROMETHEUS_METRICS_HEALTH_PATH=/up)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PROMETHEUS_METRICS_HOST=my host", "PROMETHEUS_METRICS_HEALTH_PATH=health",
      "PROMETHEUS_METRICS_PATH=metrics/"})
  void hostAndPathsAreCheckedTheSameWayInEnvironmentAndBuilder(String setting) {
    String variable = setting.substring(0, setting.indexOf('='));
    String value = setting.substring(setting.indexOf('=') + 1);
    ConfigSource env = ConfigSource.of(Map.of(variable, value, "PROMETHEUS_JVM_METRICS", "false"));
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.from(env));

    Throwable fromEnv = catchThrowable(() -> WorkerMetricsServer.builder().metrics(metrics).configSource(env)
        .port(0).start());
    Throwable fromBuilder = catchThrowable(() -> {
      switch (variable) {
        case "PROMETHEUS_METRICS_HOST" -> WorkerMetricsServer.builder().host(value);
        case "PROMETHEUS_METRICS_HEALTH_PATH" -> WorkerMetricsServer.builder().healthPath(value);
        default -> MetricsServerConfig.builder().metricsPath(value);
      }
    });

    assertThat(fromEnv).isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("Invalid " + variable + "='" + value + "': expected ");
    assertThat(fromBuilder).isInstanceOf(InvalidConfigurationException.class).hasMessage(fromEnv.getMessage());
  }

  private static long readerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("pybase-queue-length-") && t.isAlive()).count();
  }
}
