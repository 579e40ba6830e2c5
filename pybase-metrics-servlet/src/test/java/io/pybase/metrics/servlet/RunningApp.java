package io.pybase.metrics.servlet;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.websocket.WebSocketConnectionTracker;
import io.pybase.metrics.test.Exposition;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** A test app running in a container, with an HTTP/1.1 client and a scraper. */
final class RunningApp implements AutoCloseable {

  static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  final ServletContainerUnderTest container;
  final TestApp app;
  final PyBaseMetrics metrics;
  final int port;
  final String metricsPath;

  private RunningApp(ServletContainerUnderTest container, TestApp app, PyBaseMetrics metrics, int port,
      String metricsPath) {
    this.container = container;
    this.app = app;
    this.metrics = metrics;
    this.port = port;
    this.metricsPath = metricsPath;
  }

  /** A fresh registry's catalogue (no JVM metrics), installed programmatically with {@code config}. */
  static RunningApp start(Supplier<ServletContainerUnderTest> containers, String name, PyBaseMetricsConfig metricsConfig,
      ServletMetricsConfig config) throws Exception {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        metricsConfig.toBuilder().jvmMetrics(false).build());
    WebSocketConnectionTracker tracker = WebSocketConnectionTracker.of(metrics);
    return start(containers, name, metrics, tracker, ctx -> ServletMetrics.install(ctx, metrics, config),
        config.metricsPath(), List.of());
  }

  /** An app whose metrics {@code install} sets up, after {@code before} initializers. */
  static RunningApp start(Supplier<ServletContainerUnderTest> containers, String name, PyBaseMetrics metrics,
      WebSocketConnectionTracker tracker, Consumer<ServletContext> install, String metricsPath,
      List<ServletContainerInitializer> before) throws Exception {
    return start(containers, name, metrics, tracker, install, metricsPath, before, List.of());
  }

  /** An app whose metrics {@code install} sets up, between {@code before} and {@code after} initializers. */
  static RunningApp start(Supplier<ServletContainerUnderTest> containers, String name, PyBaseMetrics metrics,
      WebSocketConnectionTracker tracker, Consumer<ServletContext> install, String metricsPath,
      List<ServletContainerInitializer> before, List<ServletContainerInitializer> after) throws Exception {
    ServletContainerUnderTest container = containers.get();
    TestApp app = new TestApp(name, tracker, install);
    List<ServletContainerInitializer> all = new ArrayList<>(before);
    all.add(app);
    all.addAll(after);
    try {
      int port = container.start(all);
      return new RunningApp(container, app, metrics, port, metricsPath);
    } catch (Exception | Error e) {
      container.close();
      app.shutdown();
      throw e;
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send("GET", path);
  }

  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String header, String value) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri(path)).header(header, value).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends {@code GET target HTTP/1.1} exactly as written (no client-side checks or normalisation: {@code %zz},
   * {@code //}, {@code ;x=1} reach the server as they are) and returns the status code of the response.
   */
  int rawGet(String target) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
          .readLine();
      if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
        throw new IOException("no HTTP response to GET " + target + ": " + statusLine);
      }
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  /** Scrapes the metrics endpoint over HTTP (text format). */
  Exposition scrape() throws IOException, InterruptedException {
    HttpResponse<String> r = get(metricsPath);
    if (r.statusCode() != 200) {
      throw new AssertionError("scrape of " + metricsPath + " answered " + r.statusCode() + ": " + r.body());
    }
    return Exposition.parse(r.body());
  }

  @Override
  public void close() {
    try {
      app.shutdown();
    } finally {
      container.close();
    }
  }
}
