package io.pybase.examples.jersey;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class JerseyJettyExampleTest {

  @Test
  void labelsRequestsWithTheResourceTemplate() throws Exception {
    Server server = JerseyJettyExample.start("127.0.0.1", 0);
    try {
      String root = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      for (String path : new String[] {"/api/v1/tables/7/records/1", "/api/v1/tables/7/records/2",
          "/api/v1/tables/7/records/0", "/api/v1/unknown"}) {
        client.send(HttpRequest.newBuilder(URI.create(root + path)).build(), HttpResponse.BodyHandlers.ofString());
      }
      String metrics = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String record = "endpoint=\"/api/v1/tables/{tableId}/records/{recordId}\"";
      assertThat(metrics)
          .contains("http_requests_total{" + record + ",method=\"GET\",status=\"200\"} 2.0")
          .contains("http_requests_total{" + record + ",method=\"GET\",status=\"404\"} 1.0")
          .contains("http_requests_total{endpoint=\"not_found\",method=\"GET\",status=\"404\"} 1.0")
          .doesNotContain("endpoint=\"/api/v1/*\"");
    } finally {
      server.stop();
    }
  }
}
