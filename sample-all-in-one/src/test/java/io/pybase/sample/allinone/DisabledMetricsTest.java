package io.pybase.sample.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.testing.ApiClient;
import io.pybase.sample.workers.WorkerRole;
import io.pybase.sample.workers.WorkerSettings;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PROMETHEUS_ENABLED=false: the app works, every metrics path answers 404, and the metrics ports keep answering
 * {@code /health} (probes must not depend on the metrics switch).
 */
class DisabledMetricsTest {

  @Test
  void appServesWhileEveryMetricsPathIs404AndHealthStillAnswersOnTheMetricsPorts() throws Exception {
    try (AllInOneStack stack = AllInOneStack.builder().host("127.0.0.1").apiPort(0).apiMetricsPort(0).metricsPorts(0, 0)
        .apiRegistry(new PrometheusRegistry())
        .metricsConfig(PyBaseMetricsConfig.builder().enabled(false).build())
        .workerSettings(WorkerSettings.defaults().withFailureRate(0))
        .database(new DatabaseConfig("jdbc:h2:mem:off-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2))
        .start()) {
      ApiClient api = new ApiClient(stack.apiPort());
      assertThat(api.get("/api/v1/health").statusCode()).isEqualTo(200);
      assertThat(api.post("/api/v1/tables/projects/records", "{\"name\":\"x\"}").statusCode()).isEqualTo(201);
      assertThat(api.post("/api/v1/extractions", "{\"file_type\":\"txt\",\"content\":\"hi\"}").statusCode())
          .isEqualTo(202);
      assertThat(api.get("/api/v1/metrics").statusCode()).isEqualTo(404);
      for (int port : new int[] {stack.apiMetricsPort(), stack.metricsPort(WorkerRole.EXTRACTION),
          stack.metricsPort(WorkerRole.SEARCH)}) {
        ApiClient metricsPort = new ApiClient(port);
        assertThat(metricsPort.get("/metrics").statusCode()).as("/metrics on %d", port).isEqualTo(404);
        assertThat(metricsPort.get("/metrics").body()).contains("PROMETHEUS_ENABLED=false");
        assertThat(metricsPort.get("/health").statusCode()).as("/health on %d", port).isEqualTo(200);
      }
    }
  }
}
