package io.pybase.examples.servlet;

import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.endpoint.MetricsEndpointConfig;
import io.pybase.metrics.httpserver.MetricsServer;
import io.pybase.metrics.httpserver.MetricsServerConfig;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * The application's metrics on a port of their own, with their own threads, started and stopped with the application
 * (a WAR discovers it by its {@code @WebListener}; {@link ServletExample} adds it): on
 * {@code PROMETHEUS_METRICS_SERVER_PORT} and {@code _HOST}, the variables of a metrics server beside an application's
 * own HTTP port; unset port, no server.
 */
@WebListener
public class MetricsPort implements ServletContextListener {
  private MetricsServer server;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ConfigSource environment = ConfigSource.system();                      // variables, or -D properties
    server = MetricsServerConfig.besideApplication(environment, MetricsEndpointConfig.from(environment))
        .map(config -> MetricsServer.builder().metrics(PyBaseMetrics.get()).config(config).start())
        .orElse(null);                                                     // PROMETHEUS_METRICS_SERVER_PORT unset
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (server != null) {
      server.close();                                                      // frees the port, stops its threads
    }
  }

  /** The port the metrics server listens on, or -1 when it does not run. */
  int port() {
    return server == null ? -1 : server.port();
  }
}
