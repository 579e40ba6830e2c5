package io.pybase.metrics.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11: a context with WsSci and Tomcat's DefaultServlet on "/". */
final class TomcatContainer implements ServletContainerUnderTest {

  private Tomcat tomcat;
  private Path baseDir;

  @Override
  public int start(List<ServletContainerInitializer> initializers) throws Exception {
    baseDir = Files.createTempDirectory("tomcat-test");
    Path docBase = Files.createDirectories(baseDir.resolve("webapp"));
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.getService().addConnector(connector);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", docBase.toString());
    context.addServletContainerInitializer(new WsSci(), null);
    for (ServletContainerInitializer sci : initializers) {
      context.addServletContainerInitializer(sci, null);
    }
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMapping("/", "default");
    tomcat.start();
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    if (tomcat != null) {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (LifecycleException e) {
        throw new IllegalStateException("Tomcat did not stop", e);
      }
    }
    if (baseDir != null) {
      try (Stream<Path> files = Files.walk(baseDir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "Tomcat 11";
  }
}
