package io.pybase.sample.workers;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.NetworkSettings;
import io.pybase.sample.config.SampleMain;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.transport.TaskTransport;

/**
 * The worker jar's entry point: runs the worker named by {@code WORKER_NAME} ({@code extraction} or
 * {@code search}) with its metrics on {@code PROMETHEUS_METRICS_PORT} (default 9090), until SIGTERM.
 *
 * <pre>{@code
 * WORKER_NAME=extraction PROMETHEUS_METRICS_PORT=9091 REDIS_URL=redis://127.0.0.1:6379 \
 *     java -jar sample-workers/target/sample-workers.jar
 * }</pre>
 *
 * <p>A bad setting prints one line naming the variable and exits with status 2; a port in use, or a PostgreSQL or
 * Redis that does not answer within {@code DEPENDENCY_WAIT_SECONDS}, prints one line naming the setting and what was
 * tried, and exits with 3.
 */
public final class WorkerMain {

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    SampleMain.run("worker", () -> {
      ConfigSource source = ConfigSource.system();
      WorkerRole role = WorkerRole.fromWorkerName(source.string("WORKER_NAME", null));
      PyBaseMetricsConfig metricsConfig = PyBaseMetricsConfig.from(source);
      WorkerSettings settings = WorkerSettings.from(source);
      DatabaseConfig database = DatabaseConfig.from(source);
      DependencyWait wait = DependencyWait.from(source, System.err);
      String bindHost = NetworkSettings.bindHost(source, "0.0.0.0");
      PyBaseMetrics metrics = PyBaseMetrics.register(PrometheusRegistry.defaultRegistry, metricsConfig);
      TaskTransport transport = TaskTransport.connect(settings.transport(), wait);
      WorkerNode node;
      try {
        node = WorkerNode.builder(role, transport, metrics).settings(settings).database(database).dependencyWait(wait)
            .metricsHost(bindHost).start();
      } catch (RuntimeException e) {
        transport.close();
        throw e;
      }
      if (settings.redisUrl() == null) {
        System.out.println("REDIS_URL is not set: this worker uses an in-memory queue and only sees tasks queued in"
            + " its own JVM (use scripts/run-local.sh for the embedded stack)");
      }
      System.out.println("worker " + role.workerName() + " running; metrics on port " + node.metricsPort()
          + " /metrics" + (metricsConfig.enabled() ? "" : " (off: PROMETHEUS_ENABLED=false; /health answers)"));
      return () -> {
        node.close();
        transport.close();
      };
    });
  }
}
