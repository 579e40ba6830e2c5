package io.pybase.sample.workers;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.NetworkSettings;
import io.pybase.sample.config.StartupException;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.transport.TaskTransport;
import java.util.concurrent.CountDownLatch;

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
    ConfigSource source = ConfigSource.system();
    WorkerRole role;
    WorkerSettings settings;
    PyBaseMetricsConfig metricsConfig;
    DatabaseConfig database;
    DependencyWait wait;
    String bindHost;
    try {
      role = WorkerRole.fromWorkerName(source.string("WORKER_NAME", null));
      metricsConfig = PyBaseMetricsConfig.from(source);
      settings = WorkerSettings.from(source);
      database = DatabaseConfig.from(source);
      wait = DependencyWait.from(source, System.err);
      bindHost = NetworkSettings.bindHost(source, "0.0.0.0");
    } catch (InvalidConfigurationException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    PyBaseMetrics metrics = PyBaseMetrics.register(PrometheusRegistry.defaultRegistry, metricsConfig);
    TaskTransport transport;
    try {
      transport = TaskTransport.connect(settings.transport(), wait);
    } catch (StartupException e) {
      System.err.println(e.getMessage());
      System.exit(StartupException.EXIT_STATUS);
      return;
    }
    WorkerNode node;
    try {
      node = WorkerNode.builder(role, transport, metrics).settings(settings).database(database).dependencyWait(wait)
          .metricsHost(bindHost).start();
    } catch (StartupException e) {
      System.err.println(e.getMessage());
      transport.close();
      System.exit(StartupException.EXIT_STATUS);
      return;
    } catch (InvalidConfigurationException e) {
      System.err.println(e.getMessage());
      transport.close();
      System.exit(2);
      return;
    }
    if (settings.redisUrl() == null) {
      System.out.println("REDIS_URL is not set: this worker uses an in-memory queue and only sees tasks queued in"
          + " its own JVM (use scripts/run-local.sh for the embedded stack)");
    }
    System.out.println("worker " + role.workerName() + " running; metrics on port " + node.metricsPort() + " /metrics"
        + (metricsConfig.enabled() ? "" : " (off: PROMETHEUS_ENABLED=false; /health answers)"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      transport.close();
      stopped.countDown();
    }, "worker-shutdown"));
    stopped.await();
  }
}
