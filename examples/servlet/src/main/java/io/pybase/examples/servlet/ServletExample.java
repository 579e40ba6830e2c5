package io.pybase.examples.servlet;

import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.metrics.httpserver.MetricsServerStartException;
import io.pybase.metrics.servlet.PyBaseMetricsInitializer;
import io.pybase.metrics.servlet.Route;
import io.pybase.metrics.servlet.RouteTemplates;
import io.pybase.metrics.servlet.ServletMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Plain servlets on embedded Jetty 12: a servlet naming its template with {@code @Route}, a router naming each
 * route with {@code RouteTemplates.set} and declaring them at start-up with {@code ServletMetrics.initRoute} (so
 * their series start at zero and its {@code /api/v1/users/*} mapping is no endpoint); metrics at
 * {@code /api/v1/metrics}, and on a port of their own when {@code PROMETHEUS_METRICS_SERVER_PORT} is set
 * ({@link MetricsPort}). {@code PORT} (default 8080).
 */
public final class ServletExample {

  @Route("/api/v1/tables/{tableId}/records/{recordId}")   // mapped to /api/v1/tables/*
  public static class RecordServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("record " + request.getPathInfo());
    }
  }

  /** Mapped to /api/v1/users/*: /{userId} and /{userId}/settings. */
  public static class UserRouter extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
      if (path.matches("/[0-9]+")) {
        RouteTemplates.set(request, "/api/v1/users/{userId}");
        response.getWriter().write("user");
      } else if (path.matches("/[0-9]+/settings")) {
        RouteTemplates.set(request, "/api/v1/users/{userId}/settings");
        response.getWriter().write("settings");
      } else {
        RouteTemplates.setNoRouteMatched(request);                        // not_found, never /api/v1/users/*
        response.sendError(404);
      }
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
    context.addServlet(RecordServlet.class, "/api/v1/tables/*");
    context.addServlet(new ServletHolder("users", UserRouter.class), "/api/v1/users/*");
    context.addServletContainerInitializer(new PyBaseMetricsInitializer());   // metrics filter + /api/v1/metrics
    context.addServletContainerInitializer((classes, ctx) -> {               // the router's routes, at zero
      ServletMetrics.initRoute(ctx, "users", "GET", "/api/v1/users/{userId}");
      ServletMetrics.initRoute(ctx, "users", "GET", "/api/v1/users/{userId}/settings");
    });
    context.addEventListener(new MetricsPort());   // PROMETHEUS_METRICS_SERVER_PORT set: metrics on their own port
    server.setHandler(context);
    server.start();
    return server;
  }

  public static void main(String[] args) throws Exception {
    String port = System.getenv().getOrDefault("PORT", "8080");
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException("PORT=" + port + ": expected a port number, 0-65535");
    }
    Server server;
    try {
      server = start("0.0.0.0", Integer.parseInt(port));
    } catch (InvalidConfigurationException | MetricsServerStartException e) {
      System.err.println(e.getMessage());   // one line: Invalid PROMETHEUS_MAX_LABEL_VALUES='0': expected ...
      System.exit(2);
      return;
    }
    server.join();
  }
}
