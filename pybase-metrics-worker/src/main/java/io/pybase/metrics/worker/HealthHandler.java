package io.pybase.metrics.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Every path of the worker metrics server but {@code /metrics}: the health path answers {@code 200 ok}, {@code /}
 * lists the endpoints, anything else is {@code 404}.
 */
final class HealthHandler implements HttpHandler {

  private static final byte[] OK = "ok\n".getBytes(StandardCharsets.UTF_8);

  private final String healthPath;
  private final byte[] index;
  private final byte[] notFound;

  HealthHandler(String healthPath, String metricsPath) {
    this.healthPath = healthPath;
    this.index = ("PyBase worker metrics: " + metricsPath + " (Prometheus), " + healthPath + " (health)\n")
        .getBytes(StandardCharsets.UTF_8);
    this.notFound = ("Not found. Metrics are at " + metricsPath + ", health at " + healthPath + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (InputStream body = exchange.getRequestBody()) {
      body.transferTo(OutputStream.nullOutputStream());
    }
    String path = exchange.getRequestURI().getPath();
    if (path.equals(healthPath)) {
      respond(exchange, 200, OK);
    } else if (path.equals("/")) {
      respond(exchange, 200, index);
    } else {
      respond(exchange, 404, notFound);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!head) {
        out.write(body);
      }
    }
  }
}
