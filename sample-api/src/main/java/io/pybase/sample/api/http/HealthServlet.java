package io.pybase.sample.api.http;

import io.pybase.metrics.servlet.Route;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /api/v1/health}: {@code 200 {"status":"ok"}} while the API serves.
 *
 * <pre>{@code
 * curl http://127.0.0.1:8000/api/v1/health
 * }</pre>
 */
@Route("/api/v1/health")
public final class HealthServlet extends JsonServlet {

  private static final long serialVersionUID = 1L;

  public HealthServlet() {
    super(0);
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    writeJson(resp, 200, Map.of("status", "ok"));
  }
}
