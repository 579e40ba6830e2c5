package io.pybase.metrics.jaxrs;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.metrics.test.LoopbackJetty;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.servlet.ServletProperties;

/**
 * Jersey 4 in embedded Jetty 12 (ee11), the way embedded apps deploy it: Jersey's {@code ServletContainer} mapped
 * under a context path, its own path taken from the mapping; metrics installed with {@link ServletMetrics}.
 */
final class JerseyOnJetty implements AutoCloseable {

  final Server server;
  final URI root;

  private JerseyOnJetty(Server server, URI root) {
    this.server = server;
    this.root = root;
  }

  /** {@code app} served at {@code contextPath + "/api/v1/*"}, on a fresh registry (JVM metrics off). */
  static JerseyOnJetty start(String contextPath, ResourceConfig app) throws Exception {
    ServletContextHandler context = new ServletContextHandler(contextPath);
    context.addServlet(new ServletHolder(new ServletContainer(app)), "/api/v1/*");
    return start(context, contextPath);
  }

  /**
   * {@code app} served by Jersey's {@code ServletContainer} as a servlet filter on {@code /api/v1/*}, passing on what it
   * does not serve (the metrics endpoint), on a fresh registry.
   */
  static JerseyOnJetty startAsFilter(ResourceConfig app) throws Exception {
    ServletContextHandler context = new ServletContextHandler("");
    app.property(ServletProperties.FILTER_FORWARD_ON_404, true);
    context.addFilter(new FilterHolder(new ServletContainer(app)), "/api/v1/*", EnumSet.of(DispatcherType.REQUEST));
    return start(context, "");
  }

  private static JerseyOnJetty start(ServletContextHandler context, String contextPath) throws Exception {
    PyBaseMetrics metrics =
        PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    Server server = LoopbackJetty.server();
    context.addServletContainerInitializer(
        (classes, ctx) -> ServletMetrics.install(ctx, metrics, ServletMetricsConfig.builder().build()));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      LoopbackJetty.stop(server);
      throw e;
    }
    return new JerseyOnJetty(server, URI.create("http://127.0.0.1:" + LoopbackJetty.port(server) + contextPath));
  }

  @Override
  public void close() {
    LoopbackJetty.stop(server);
  }
}
