package io.pybase.examples.jersey;

import io.pybase.metrics.servlet.PyBaseMetricsInitializer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey 4 on embedded Jetty 12: {@code GET /api/v1/tables/{tableId}/records/{recordId}}, metrics at
 * {@code /api/v1/metrics}, {@code endpoint="/api/v1/tables/{tableId}/records/{recordId}"}. {@code PORT} (default 8080).
 */
public final class JerseyJettyExample {

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

  /** Serves on {@code host:port} (port 0: any free port) until stopped. */
  public static Server start(String host, int port) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new ServletContainer(new ResourceConfig(RecordResource.class))), "/api/v1/*");
    context.addServletContainerInitializer(new PyBaseMetricsInitializer());   // metrics filter + /api/v1/metrics
    server.setHandler(context);
    server.start();
    return server;
  }

  public static void main(String[] args) throws Exception {
    String port = System.getenv().getOrDefault("PORT", "8080");
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("PORT=" + port + ": expected a port number, 0-65535");
    }
    start("0.0.0.0", Integer.parseInt(port)).join();
  }
}
