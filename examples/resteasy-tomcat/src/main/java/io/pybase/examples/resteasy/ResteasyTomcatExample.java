package io.pybase.examples.resteasy;

import io.pybase.metrics.servlet.PyBaseMetricsInitializer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import java.nio.file.Files;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/**
 * RESTEasy 7 on embedded Tomcat 11: {@code GET /api/v1/tables/{tableId}/records/{recordId}}, metrics at
 * {@code /api/v1/metrics}, {@code endpoint="/api/v1/tables/{tableId}/records/{recordId}"}. {@code PORT} (default 8080).
 */
public final class ResteasyTomcatExample {

  @Path("/tables/{tableId}/records")
  public static class RecordResource {
    @GET
    @Path("{recordId: [0-9]+}")
    public String record(@PathParam("tableId") String tableId, @PathParam("recordId") long recordId) {
      if (recordId == 0) {
        throw new NotFoundException();
      }
      return "record " + recordId + " of table " + tableId;
    }
  }

  public static class RecordsApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
      return Set.of(RecordResource.class);
    }
  }

  /** Serves on {@code host:port} (port 0: any free port) until stopped. */
  public static Tomcat start(String host, int port) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setProperty("address", host);
    connector.setPort(port);
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", tomcat.getServer().getCatalinaBase().getAbsolutePath());
    Wrapper rest = Tomcat.addServlet(context, "rest", new HttpServlet30Dispatcher());
    rest.addInitParameter("jakarta.ws.rs.Application", RecordsApplication.class.getName());
    rest.addInitParameter("resteasy.servlet.mapping.prefix", "/api/v1");
    rest.setLoadOnStartup(1);   // deployed at start-up: every route's series at zero before its first request
    context.addServletMapping("/api/v1/*", "rest");
    Tomcat.addServlet(context, "default", new DefaultServlet());                   // unmapped paths: not_found
    context.addServletMapping("/", "default");
    context.addServletContainerInitializer(new PyBaseMetricsInitializer(), null); // metrics filter + /api/v1/metrics
    tomcat.start();
    return tomcat;
  }

  public static void main(String[] args) throws Exception {
    String port = System.getenv().getOrDefault("PORT", "8080");
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("PORT=" + port + ": expected a port number, 0-65535");
    }
    start("0.0.0.0", Integer.parseInt(port)).getServer().await();
  }
}
