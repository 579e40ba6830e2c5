package io.pybase.examples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class ServletExampleTest {

  @Test
  void labelsRequestsWithTheRouteTemplates() throws Exception {
    Server server = ServletExample.start("127.0.0.1", 0);
    try {
      String root = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      String atStart = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      // the router's declared routes are there before their first request, at zero
      assertThat(atStart)
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}\",method=\"GET\",status=\"500\"} 0.0")
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}/settings\",method=\"GET\","
              + "status=\"500\"} 0.0")
          .doesNotContain("endpoint=\"/api/v1/users/*\"");
      for (String path : new String[] {"/api/v1/tables/7/records/1", "/api/v1/tables/7/records/2",
          "/api/v1/users/5", "/api/v1/users/5/settings", "/api/v1/users/nobody", "/unknown"}) {
        client.send(HttpRequest.newBuilder(URI.create(root + path)).build(), HttpResponse.BodyHandlers.ofString());
      }
      // the router implements GET only: HttpServlet answers a POST with 405 before the router names any route
      assertThat(client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/users/5"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(405);
      String metrics = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics)
          .contains("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/records/{recordId}\",method=\"GET\","
              + "status=\"200\"} 2.0")
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}\",method=\"GET\",status=\"200\"} 1.0")
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}/settings\",method=\"GET\",status=\"200\"} 1.0")
          .contains("http_requests_total{endpoint=\"not_found\",method=\"GET\",status=\"404\"} 2.0")
          .contains("http_requests_total{endpoint=\"unmatched\",method=\"POST\",status=\"405\"} 1.0")
          .doesNotContain("endpoint=\"/api/v1/users/*\"");
    } finally {
      server.stop();
    }
  }

  @Test
  void servesTheMetricsOnAPortOfTheirOwnWhenPrometheusMetricsServerPortIsSet() throws Exception {
    System.setProperty("prometheus.metrics.server.port", "0");        // PROMETHEUS_METRICS_SERVER_PORT: any free port
    System.setProperty("prometheus.metrics.server.host", "127.0.0.1");
    Server server;
    try {
      server = ServletExample.start("127.0.0.1", 0);
    } finally {
      System.clearProperty("prometheus.metrics.server.port");
      System.clearProperty("prometheus.metrics.server.host");
    }
    MetricsPort listener = ((ServletContextHandler) server.getHandler()).getEventListeners().stream()
        .filter(MetricsPort.class::isInstance).map(MetricsPort.class::cast).findFirst().orElseThrow();
    int metricsPort = listener.port();
    try {
      String root = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      // a HEAD, whose series the other test leaves alone (the tests share the default registry's catalogue)
      client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/users/5"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());

      HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())   // the catalogue the application's filter records into
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}\",method=\"HEAD\",status=\"200\"} 1.0");
    } finally {
      server.stop();
    }
    assertThat(listener.port()).as("closed with the application").isEqualTo(-1);
  }

  @Test
  void startsNoMetricsServerWithoutPrometheusMetricsServerPort() throws Exception {
    Server server = ServletExample.start("127.0.0.1", 0);
    try {
      assertThat(((ServletContextHandler) server.getHandler()).getEventListeners().stream()
          .filter(MetricsPort.class::isInstance).map(MetricsPort.class::cast).findFirst().orElseThrow().port())
          .isEqualTo(-1);
    } finally {
      server.stop();
    }
  }
}
