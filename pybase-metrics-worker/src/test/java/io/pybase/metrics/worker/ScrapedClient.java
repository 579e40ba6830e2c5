package io.pybase.metrics.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs paths of a server (on 127.0.0.1 unless told) with the JDK HTTP client, failing after 30 s instead of hanging. */
final class ScrapedClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String host;
  private final int port;

  ScrapedClient(int port) {
    this("127.0.0.1", port);
  }

  ScrapedClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  HttpResponse<String> get(String path) {
    return get(path, "*/*");
  }

  /** GET {@code path} with an {@code Accept} header and more headers as name, value pairs. */
  HttpResponse<String> get(String path, String accept, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
        .header("Accept", accept).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    HttpRequest request = builder.build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
