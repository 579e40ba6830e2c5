package io.pybase.sample.api;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.SampleMain;
import io.pybase.sample.store.DatabaseConfig;
import io.pybase.sample.transport.TaskTransport;
import io.pybase.sample.transport.TransportSettings;

/**
 * The API jar's entry point: the API alone on {@code API_PORT} (default 8000), its metrics also on
 * {@code API_METRICS_PORT} (default 8001, own threads), talking to the workers through Redis
 * ({@code REDIS_URL}) and storing in {@code JDBC_URL} — the Compose service {@code api}. For everything in one JVM
 * use the all-in-one stack of module {@code sample-all-in-one} ({@code scripts/run-local.sh}).
 *
 * <pre>{@code
 * REDIS_URL=redis://127.0.0.1:6379 JDBC_URL=jdbc:postgresql://127.0.0.1:5432/pybase \
 *     java -jar sample-api/target/sample-api.jar
 * }</pre>
 *
 * <p>A bad setting prints one line naming the variable and exits with status 2; a port in use, or a PostgreSQL or
 * Redis that does not answer within {@code DEPENDENCY_WAIT_SECONDS}, prints one line naming the setting and what was
 * tried, and exits with 3.
 */
public final class ApiMain {

  private ApiMain() {}

  public static void main(String[] args) throws InterruptedException {
    SampleMain.run("api", () -> {
      ConfigSource source = ConfigSource.system();
      ApiSettings settings = ApiSettings.from(source);
      PyBaseMetricsConfig metricsConfig = PyBaseMetricsConfig.from(source);
      ServletMetricsConfig servletConfig = ServletMetricsConfig.from(source);
      DatabaseConfig database = DatabaseConfig.from(source);
      TransportSettings transportSettings = TransportSettings.from(source);
      DependencyWait wait = DependencyWait.from(source, System.err);
      if (settings.redisUrl() == null) {
        System.out.println("REDIS_URL is not set: tasks wait in an in-memory queue that no worker of another process"
            + " sees (use scripts/run-local.sh to run the API and both workers in one JVM)");
      }
      PyBaseMetrics metrics = PyBaseMetrics.register(PrometheusRegistry.defaultRegistry, metricsConfig);
      TaskTransport transport = TaskTransport.connect(transportSettings, wait);
      ApiServer api;
      try {
        api = ApiServer.builder(metrics, transport).settings(settings).database(database).servletConfig(servletConfig)
            .dependencyWait(wait).start();
      } catch (RuntimeException e) {
        transport.close();
        throw e;
      }
      System.out.println("API on http://" + settings.host() + ":" + api.port() + "/api/v1/health; metrics at "
          + servletConfig.metricsPath() + " and on their own port: http://" + settings.host() + ":"
          + api.metricsPort() + "/metrics");
      return () -> {
        api.close();
        transport.close();
      };
    });
  }
}
