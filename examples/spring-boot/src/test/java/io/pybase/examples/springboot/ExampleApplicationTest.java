package io.pybase.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the example on a free port, sends requests and reads its metrics endpoint. */
class ExampleApplicationTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void start() {
    app = SpringApplication.run(ExampleApplication.class, "--server.port=0", "--server.address=127.0.0.1");
    port = Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void countsRequestsUnderRouteTemplatesAndAsyncExportsAsTasks() throws Exception {
    assertThat(send("GET", "/api/v1/tables/7/records/1").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/tables/8/records/2").statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/v1/tables/7/records/missing").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/unknown/42").statusCode()).isEqualTo(404);
    assertThat(send("POST", "/api/v1/tables/7/exports").statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String metrics = send("GET", "/api/v1/metrics").body();
      assertThat(metrics)
          .contains("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/records/{recordId}\",method=\"GET\","
              + "status=\"200\"} 2.0")
          .contains("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/records/{recordId}\",method=\"GET\","
              + "status=\"404\"} 1.0")
          .contains("http_requests_total{endpoint=\"not_found\",method=\"GET\",status=\"404\"} 1.0")
          .contains("http_requests_total{endpoint=\"/api/v1/tables/{tableId}/exports\",method=\"POST\","
              + "status=\"200\"} 1.0")
          .contains("celery_task_total{status=\"success\",task_name=\"Exports.export\"} 1.0")
          .doesNotContain("/api/v1/tables/7");
    });
  }
}
