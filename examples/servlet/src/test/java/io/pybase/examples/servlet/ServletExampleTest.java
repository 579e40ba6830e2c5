package io.pybase.examples.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
      String metrics = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics)
          .contains("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/records/{recordId}\",method=\"GET\","
              + "status=\"200\"} 2.0")
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}\",method=\"GET\",status=\"200\"} 1.0")
          .contains("http_requests_total{endpoint=\"/api/v1/users/{userId}/settings\",method=\"GET\",status=\"200\"} 1.0")
          .contains("http_requests_total{endpoint=\"not_found\",method=\"GET\",status=\"404\"} 2.0")
          .doesNotContain("endpoint=\"/api/v1/users/*\"");
    } finally {
      server.stop();
    }
  }
}
