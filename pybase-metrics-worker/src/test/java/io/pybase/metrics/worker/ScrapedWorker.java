package io.pybase.metrics.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * A real worker metrics server on 127.0.0.1 and a free port, with its own registry, scraped over HTTP by the JDK
 * client. Tests assert the exposition it serves.
 */
final class ScrapedWorker implements AutoCloseable {

  static final String WORKER = "test-worker";

  final PyBaseMetrics metrics;
  final WorkerMetricsServer server;
  private final ScrapedClient client;

  private ScrapedWorker(PyBaseMetrics metrics, WorkerMetricsServer server) {
    this.metrics = metrics;
    this.server = server;
    this.client = new ScrapedClient(server.port());
  }

  static ScrapedWorker start() {
    return start(b -> {});
  }

  static ScrapedWorker start(Consumer<WorkerMetricsServer.Builder> options) {
    PyBaseMetricsConfig config = PyBaseMetricsConfig.builder().jvmMetrics(false).build();
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(), config);
    WorkerMetricsServer.Builder builder = WorkerMetricsServer.builder().metrics(metrics).host("127.0.0.1").port(0)
        .workerName(WORKER);
    options.accept(builder);
    return new ScrapedWorker(metrics, builder.start());
  }

  /** GET {@code path}; fails after 30 s instead of hanging. */
  HttpResponse<String> get(String path) {
    return client.get(path);
  }

  /** The exposition of {@code /metrics}, asserting a 200. */
  String scrape() {
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).as("GET /metrics status").isEqualTo(200);
    return response.body();
  }

  /**
   * The value of one series in a fresh scrape; labels in the exposition's alphabetical order, e.g.
   * {@code celery_task_total{status="success",task_name="a"}}.
   */
  double value(String series) {
    OptionalDouble v = find(scrape(), series);
    assertThat(v).as("series %s in the scrape", series).isPresent();
    return v.getAsDouble();
  }

  /** The value of {@code series} in {@code exposition}, if present. */
  static OptionalDouble find(String exposition, String series) {
    for (String line : exposition.split("\n", -1)) {
      if (line.startsWith(series + " ")) {
        return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).trim().split(" ", -1)[0]));
      }
    }
    return OptionalDouble.empty();
  }

  static String task(String name, String status) {
    return "celery_task_total{status=\"" + status + "\",task_name=\"" + name + "\"}";
  }

  static String extraction(String type, String status) {
    return "extraction_task_total{status=\"" + status + "\",task_type=\"" + type + "\"}";
  }

  static String retries(String name) {
    return "celery_task_retries_total{task_name=\"" + name + "\"}";
  }

  static String durationCount(String name) {
    return "celery_task_duration_seconds_count{task_name=\"" + name + "\"}";
  }

  static String active(String worker) {
    return "celery_active_workers{worker_name=\"" + worker + "\"}";
  }

  @Override
  public void close() {
    server.close();
  }
}
