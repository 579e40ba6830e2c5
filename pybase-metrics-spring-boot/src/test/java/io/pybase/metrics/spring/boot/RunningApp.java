package io.pybase.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pybase.metrics.test.Exposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application on embedded Tomcat, 127.0.0.1 and a free port, started from configuration classes
 * and {@code key=value} properties, driven with the JDK HTTP client. Uses only API present in Spring Boot 3.5 and 4.0,
 * so the same tests run on both lines.
 */
final class RunningApp implements AutoCloseable {

  /** Settings every test application gets. */
  private static final String[] BASE = {
      "server.port=0",
      "server.address=127.0.0.1",
      "spring.main.banner-mode=off",
      "spring.jmx.enabled=false",
      "spring.quartz.auto-startup=false",
      "management.endpoints.web.exposure.include=health,prometheus",
  };

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final ConfigurableApplicationContext context;
  final int port;

  private RunningApp(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
  }

  /** Starts an application of {@code sources} with the base settings plus {@code properties}. */
  static RunningApp start(Class<?>[] sources, String... properties) {
    List<String> all = new ArrayList<>(List.of(BASE));
    all.addAll(List.of(properties));
    return new RunningApp(new SpringApplicationBuilder(sources).properties(all.toArray(new String[0])).run());
  }

  static RunningApp start(Class<?> source, String... properties) {
    return start(new Class<?>[] {source}, properties);
  }

  HttpResponse<String> get(String path) {
    return send("GET", path, null);
  }

  HttpResponse<String> send(String method, String path, String authorization) {
    return send(port, method, path, authorization);
  }

  static HttpResponse<String> send(int port, String method, String path, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exposition of the metrics endpoint at {@code path}, asserting a 200. */
  Exposition scrape(String path) {
    return scrape(port, path, null);
  }

  Exposition scrape() {
    return scrape("/api/v1/metrics");
  }

  /**
   * Scrapes until {@code assertion} holds (20 s at most): a request is recorded when the filter's chain returns,
   * which can be just after the client has read the whole response.
   */
  void awaitScrape(Consumer<Exposition> assertion) {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertion.accept(scrape()));
  }

  static Exposition scrape(int port, String path, String authorization) {
    HttpResponse<String> response = send(port, "GET", path, authorization);
    assertThat(response.statusCode()).as("GET %s status", path).isEqualTo(200);
    return Exposition.parse(response.body());
  }

  @Override
  public void close() {
    context.close();
  }
}
