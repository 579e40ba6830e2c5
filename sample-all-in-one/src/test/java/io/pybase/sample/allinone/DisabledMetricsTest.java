package io.pybase.sample.allinone;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.workers.WorkerRole;
import io.pybase.sample.workers.WorkerSettings;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** PROMETHEUS_ENABLED=false: the app works, the metrics endpoint answers 404, the worker ports are not bound. */
class DisabledMetricsTest {

  @Test
  void appServesWhileMetricsEndpointIs404AndWorkerPortsAreNotBound() throws Exception {
    try (AllInOneStack stack = AllInOneStack.builder().host("127.0.0.1").apiPort(0).metricsPorts(0, 0)
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
      assertThat(stack.metricsPort(WorkerRole.EXTRACTION)).isEqualTo(-1);
      assertThat(stack.metricsPort(WorkerRole.SEARCH)).isEqualTo(-1);
    }
  }
}
