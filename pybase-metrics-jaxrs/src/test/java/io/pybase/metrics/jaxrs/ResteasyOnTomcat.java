package io.pybase.metrics.jaxrs;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import io.pybase.metrics.test.LoopbackTomcat;
import java.net.URI;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/**
 * RESTEasy 7 in embedded Tomcat 11: its {@code HttpServlet30Dispatcher} serving an {@code Application} class at
 * {@code /api/v1/*}, loaded on start-up, Tomcat's default servlet on {@code /}; metrics installed with
 * {@link ServletMetrics}.
 */
final class ResteasyOnTomcat implements AutoCloseable {

  final Tomcat tomcat;
  final URI root;

  private ResteasyOnTomcat(Tomcat tomcat, URI root) {
    this.tomcat = tomcat;
    this.root = root;
  }

  /** {@code application} served at {@code /api/v1/*}, on a fresh registry (JVM metrics off). */
  static ResteasyOnTomcat start(Class<?> application) throws Exception {
    PyBaseMetrics metrics =
        PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    Tomcat tomcat = LoopbackTomcat.create();
    Context context = tomcat.addContext("",
        Files.createDirectories(LoopbackTomcat.base(tomcat).resolve("webapp")).toString());
    Wrapper rest = Tomcat.addServlet(context, "resteasy", new HttpServlet30Dispatcher());
    rest.addInitParameter("jakarta.ws.rs.Application", application.getName());
    rest.addInitParameter("resteasy.servlet.mapping.prefix", "/api/v1");
    rest.setAsyncSupported(true);
    rest.setLoadOnStartup(1);   // deployed at start-up, as RESTEasy's servlet initializer does for @ApplicationPath
    context.addServletMapping("/api/v1/*", "resteasy");
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMapping("/", "default");
    context.addServletContainerInitializer(
        (classes, ctx) -> ServletMetrics.install(ctx, metrics, ServletMetricsConfig.builder().build()), null);
    try {
      tomcat.start();
    } catch (Exception e) {
      LoopbackTomcat.stop(tomcat);
      throw e;
    }
    return new ResteasyOnTomcat(tomcat, URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort()));
  }

  @Override
  public void close() {
    LoopbackTomcat.stop(tomcat);
  }
}
