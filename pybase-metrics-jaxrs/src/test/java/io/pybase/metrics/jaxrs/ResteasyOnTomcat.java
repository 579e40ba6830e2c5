package io.pybase.metrics.jaxrs;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.ServletMetrics;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
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
  final Path baseDir;
  final URI root;

  private ResteasyOnTomcat(Tomcat tomcat, Path baseDir, URI root) {
    this.tomcat = tomcat;
    this.baseDir = baseDir;
    this.root = root;
  }

  /** {@code application} served at {@code /api/v1/*}, on a fresh registry (JVM metrics off). */
  static ResteasyOnTomcat start(Class<?> application) throws Exception {
    PyBaseMetrics metrics =
        PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    Path baseDir = Files.createTempDirectory("tomcat-resteasy");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", Files.createDirectories(baseDir.resolve("webapp")).toString());
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
    ResteasyOnTomcat app = new ResteasyOnTomcat(tomcat, baseDir, null);
    try {
      tomcat.start();
    } catch (Exception e) {
      app.close();
      throw e;
    }
    return new ResteasyOnTomcat(tomcat, baseDir, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    }
    try (Stream<Path> files = Files.walk(baseDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
