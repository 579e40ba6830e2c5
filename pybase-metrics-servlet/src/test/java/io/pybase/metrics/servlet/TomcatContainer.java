package io.pybase.metrics.servlet;

import io.pybase.metrics.test.LoopbackTomcat;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** Embedded Tomcat 11: a context with WsSci and Tomcat's DefaultServlet on "/". */
final class TomcatContainer implements ServletContainerUnderTest {

  private Tomcat tomcat;

  @Override
  public int start(List<ServletContainerInitializer> initializers) throws Exception {
    tomcat = LoopbackTomcat.create();
    Path docBase = Files.createDirectories(LoopbackTomcat.base(tomcat).resolve("webapp"));
    Context context = tomcat.addContext("", docBase.toString());
    context.addServletContainerInitializer(new WsSci(), null);
    for (ServletContainerInitializer sci : initializers) {
      context.addServletContainerInitializer(sci, null);
    }
    Tomcat.addServlet(context, "default", new DefaultServlet());
    context.addServletMapping("/", "default");
    tomcat.start();
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() {
    if (tomcat != null) {
      LoopbackTomcat.stop(tomcat);
    }
  }

  @Override
  public String toString() {
    return "Tomcat 11";
  }
}
