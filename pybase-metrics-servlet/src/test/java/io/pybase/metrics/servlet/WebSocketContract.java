package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.servlet.websocket.TrackingConfigurator;
import io.pybase.metrics.servlet.websocket.WebSocketConnectionTracker;
import io.pybase.metrics.test.Exposition;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code websocket_connections_current} with real WebSocket clients (the JDK's, and a raw socket that vanishes
 * without a close frame), for an annotated and a programmatic endpoint. Subclasses run it in one container each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebSocketContract {

  /** A WebSocket path that a servlet is mapped to as well. */
  static final String NAMED_PATH = "/ws/named";

  RunningApp app;
  WebSocketConnectionTracker tracker;

  abstract Supplier<ServletContainerUnderTest> containers();

  abstract String name();

  @BeforeAll
  void startApp() throws Exception {
    PyBaseMetrics metrics = PyBaseMetrics.register(new PrometheusRegistry(),
        PyBaseMetricsConfig.builder().jvmMetrics(false).build());
    tracker = WebSocketConnectionTracker.of(metrics);
    ServletMetricsConfig config = ServletMetricsConfig.builder().build();
    app = RunningApp.start(containers(), name() + "-ws", metrics, tracker,
        ctx -> ServletMetrics.install(ctx, metrics, config), config.metricsPath(), List.of(),
        List.of(namedWebSocketPath(tracker)));
  }

  /**
   * A programmatic endpoint at {@code /ws/named}, and a servlet mapped to the same path, as the README advises to name
   * a WebSocket path's handshakes: the container resolves the servlet mapping before its upgrade filter runs.
   */
  private static ServletContainerInitializer namedWebSocketPath(WebSocketConnectionTracker tracker) {
    return (Set<Class<?>> classes, ServletContext ctx) -> {
      ctx.addServlet("namedWebSocket", new UpgradeRequired()).addMapping(NAMED_PATH);
      ServerContainer ws = (ServerContainer) ctx.getAttribute(ServerContainer.class.getName());
      try {
        ws.addEndpoint(ServerEndpointConfig.Builder.create(TestApp.ProgrammaticEcho.class, NAMED_PATH)
            .configurator(new TrackingConfigurator(tracker))
            .build());
      } catch (DeploymentException e) {
        throw new ServletException(e);
      }
    };
  }

  /** Answers a plain (not upgrading) request to a WebSocket path: {@code 426 Upgrade Required}. */
  static final class UpgradeRequired extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setHeader("Upgrade", "websocket");
      resp.sendError(426);
    }
  }

  @AfterAll
  void stopApp() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  private String path(String kind) {
    return kind.equals("annotated") ? "/ws/annotated/" + name() + "-ws" : "/ws/programmatic";
  }

  private void awaitGauge(int expected) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(expected));
  }

  private WebSocket connect(String path, Echo echo) {
    return RunningApp.CLIENT.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + app.port + path), echo)
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  @ParameterizedTest
  @ValueSource(strings = {"annotated", "programmatic"})
  void countsConnectionsDownOnceOnCloseErrorAndAbruptDisconnect(String kind) throws Exception {
    String path = path(kind);
    awaitGauge(0);
    Echo echoA = new Echo();
    WebSocket a = connect(path, echoA);
    WebSocket b = connect(path, new Echo());
    Echo echoC = new Echo();
    WebSocket c = connect(path, echoC);
    awaitGauge(3);
    a.sendText("hello", true).join();
    assertThat(echoA.text.get(5, TimeUnit.SECONDS)).isEqualTo("hello");

    a.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    awaitGauge(2);

    b.abort();                                   // TCP closed without a close frame
    awaitGauge(1);

    c.sendText("fail", true).join();             // the endpoint throws; its error handler closes with 1011
    assertThat(echoC.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1011);
    awaitGauge(0);

    rawHandshakeThenReset(path);
    awaitGauge(0);
    assertThat(tracker.openConnections()).isZero();

    // a double decrement would hide behind the floor at zero: one more connection must count exactly 1
    WebSocket e = connect(path, new Echo());
    awaitGauge(1);
    Thread.sleep(200);
    assertThat(app.scrape().value("websocket_connections_current")).isEqualTo(1);
    e.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    awaitGauge(0);
  }

  @Test
  void countsAHandshakeAsUnmatched101UnlessAServletIsMappedToItsPath() throws Exception {
    Exposition before = app.scrape();
    double unmatched = before.requests("GET", RouteTemplates.UNMATCHED, 101);
    double named = before.requests("GET", NAMED_PATH, 101);

    for (String path : new String[] {"/ws/programmatic", path("annotated"), NAMED_PATH}) {
      connect(path, new Echo()).sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
    assertThat(app.get(NAMED_PATH).statusCode()).isEqualTo(426);   // a plain GET: the servlet answers it

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Exposition after = app.scrape();
      // no route of the application matched the two unnamed paths: the upgrade filter answered before any servlet
      assertThat(after.requests("GET", RouteTemplates.UNMATCHED, 101)).isEqualTo(unmatched + 2);
      assertThat(after.requests("GET", NAMED_PATH, 101)).isEqualTo(named + 1);
      assertThat(after.labelValues(ServletMetricsContract.REQUESTS, "endpoint"))
          .noneMatch(e -> e.startsWith("/ws/annotated") || e.equals("/ws/programmatic"));
    });
    awaitGauge(0);
  }

  /** Upgrades a raw socket, sees the connection counted, then resets it (RST, no close frame). */
  private void rawHandshakeThenReset(String path) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port)) {
      socket.setSoTimeout(5_000);
      String request = "GET " + path + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + app.port + "\r\n"
          + "Upgrade: websocket\r\n"
          + "Connection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
      }
      assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
      awaitGauge(1);
      socket.setSoLinger(true, 0);
    }
  }

  /** Keeps the first text message and the close code the server sent. */
  static final class Echo implements WebSocket.Listener {
    final CompletableFuture<String> text = new CompletableFuture<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.complete(data.toString());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }
  }
}
