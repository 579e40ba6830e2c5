package io.pybase.examples.resteasy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

class ResteasyTomcatExampleTest {

  @Test
  void labelsRequestsWithTheResourceTemplate() throws Exception {
    Tomcat tomcat = ResteasyTomcatExample.start("127.0.0.1", 0);
    Path base = tomcat.getServer().getCatalinaBase().toPath();
    try {
      String root = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
      HttpClient client = HttpClient.newHttpClient();
      String record = "endpoint=\"/api/v1/tables/{tableId}/records/{recordId}\"";
      String atStart = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(atStart).contains("http_requests_total{" + record + ",method=\"GET\",status=\"500\"} 0.0");
      for (String path : new String[] {"/api/v1/tables/7/records/1", "/api/v1/tables/7/records/2",
          "/api/v1/tables/7/records/0", "/api/v1/unknown", "/elsewhere"}) {
        client.send(HttpRequest.newBuilder(URI.create(root + path)).build(), HttpResponse.BodyHandlers.ofString());
      }
      String metrics = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics)
          .contains("http_requests_total{" + record + ",method=\"GET\",status=\"200\"} 2.0")
          .contains("http_requests_total{" + record + ",method=\"GET\",status=\"404\"} 1.0")
          .contains("http_requests_total{endpoint=\"not_found\",method=\"GET\",status=\"404\"} 2.0")
          .doesNotContain("endpoint=\"/api/v1/*\"");
    } finally {
      tomcat.stop();
      tomcat.destroy();
      try (Stream<Path> files = Files.walk(base)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
