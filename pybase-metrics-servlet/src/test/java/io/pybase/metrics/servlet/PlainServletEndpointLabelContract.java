package io.pybase.metrics.servlet;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.EndpointLabelCase;
import io.pybase.metrics.test.EndpointLabelCases;
import io.pybase.metrics.test.EndpointLabelContract;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The endpoint-label table on plain servlets: one router servlet on {@code /api/v1/tables/*} naming each route with
 * {@link RouteTemplates#set} and delegating columns to a nested handler (the sub-resource). Deviation, documented in
 * the README: a 405 keeps the route's template, because the router matched the route before refusing the method.
 */
abstract class PlainServletEndpointLabelContract extends EndpointLabelContract {

  private ServletContainerUnderTest container;
  private int port;

  abstract Supplier<ServletContainerUnderTest> containers();

  @BeforeAll
  void start() throws Exception {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    ServletContainerInitializer app = (classes, ctx) -> {
      ServletMetrics.install(ctx, metrics, ServletMetricsConfig.builder().build());
      ctx.addServlet("tables", new TablesRouter()).addMapping("/api/v1/tables/*");
    };
    container = containers().get();
    port = container.start(List.of(app));
  }

  @AfterAll
  void stop() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  @Override
  protected URI root() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  protected Map<EndpointLabelCase, EndpointLabelCase> deviations() {
    return Map.of(EndpointLabelCases.METHOD_NOT_ALLOWED,
        EndpointLabelCases.METHOD_NOT_ALLOWED.expecting(405, EndpointLabelCases.RECORD));
  }

  /** A hand-written router: {tableId}/records/{recordId}, {tableId}/error, {tableId}/columns/... */
  static final class TablesRouter extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final ColumnsHandler columns = new ColumnsHandler();

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String[] parts = req.getPathInfo() == null ? new String[0] : req.getPathInfo().substring(1).split("/", 3);
      if (parts.length == 3 && parts[1].equals("records")) {
        RouteTemplates.set(req, EndpointLabelCases.RECORD);
        if (!req.getMethod().equals("GET")) {
          resp.sendError(405);
        } else if (parts[2].equals("missing")) {
          resp.sendError(404);
        } else {
          resp.getWriter().write("record");
        }
      } else if (parts.length == 2 && parts[1].equals("error")) {
        RouteTemplates.set(req, EndpointLabelCases.ERROR);
        throw new IllegalStateException("failure on purpose");
      } else if (parts.length == 3 && parts[1].equals("columns")) {
        columns.serve(req, resp);
      } else {
        RouteTemplates.setNoRouteMatched(req);
        resp.sendError(404);
      }
    }
  }

  /** The nested handler: names the full template of the route it serves. */
  static final class ColumnsHandler {
    void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      RouteTemplates.set(req, EndpointLabelCases.COLUMN);
      resp.getWriter().write("column");
    }
  }
}
