package io.pybase.metrics.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.test.Exposition;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour of filter, endpoint and installation, asserted on the scraped exposition and the HTTP responses.
 * Subclasses run it in one real container each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletMetricsContract {

  static final String REQUESTS = "http_requests_total";
  static final String LATENCY_COUNT = "api_latency_histogram_count";
  static final String LATENCY_SUM = "api_latency_histogram_sum";

  RunningApp app;

  /** A new, unstarted container of the kind under test. */
  abstract Supplier<ServletContainerUnderTest> containers();

  /** The app name: the {@code {app}} path parameter of the annotated WebSocket endpoint. */
  abstract String name();

  /**
   * Whether the container answers requests to a servlet that threw {@code UnavailableException} itself, before any
   * filter runs (Tomcat), rather than through the filter chain (Jetty).
   */
  abstract boolean refusesUnavailableServletsBeforeFilters();

  @BeforeAll
  void startApp() throws Exception {
    app = RunningApp.start(containers(), name(), PyBaseMetricsConfig.builder().build(),
        ServletMetricsConfig.builder().excludedPaths("/internal/*").build());
  }

  @AfterAll
  void stopApp() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void recordsMethodStatusAndRouteTemplatePerRequest() throws Exception {
    Exposition before = app.scrape();
    assertThat(app.get("/api/v1/health").statusCode()).isEqualTo(200);
    assertThat(app.send("POST", "/api/v1/health").statusCode()).isEqualTo(405);
    assertThat(app.get("/api/v1/items/42").statusCode()).isEqualTo(200);
    assertThat(app.get("/api/v1/items/missing").statusCode()).isEqualTo(404);
    assertThat(app.get("/api/v1/tables/7/records/9").statusCode()).isEqualTo(200);
    assertThat(app.get("/router/anything").statusCode()).isEqualTo(200);
    assertThat(app.get("/report.do").statusCode()).isEqualTo(200);
    assertThat(app.get("/").statusCode()).isEqualTo(200);
    assertThat(app.send("DELETE", "/api/v1/items/42").statusCode()).isEqualTo(405);
    Exposition after = app.scrape();

    assertThat(after.requests("GET", "/api/v1/health", 200) - before.requests("GET", "/api/v1/health", 200))
        .isEqualTo(1);
    assertThat(after.requests("POST", "/api/v1/health", 405) - before.requests("POST", "/api/v1/health", 405))
        .isEqualTo(1);
    assertThat(after.requests("GET", "/api/v1/items/*", 200) - before.requests("GET", "/api/v1/items/*", 200))
        .isEqualTo(1);
    assertThat(after.requests("GET", "/api/v1/items/*", 404) - before.requests("GET", "/api/v1/items/*", 404))
        .isEqualTo(1);
    String record = "/api/v1/tables/{tableId}/records/{recordId}";
    assertThat(after.requests("GET", record, 200) - before.requests("GET", record, 200)).isEqualTo(1);
    assertThat(after.requests("GET", "/router/{name}", 200) - before.requests("GET", "/router/{name}", 200))
        .isEqualTo(1);
    assertThat(after.requests("GET", "*.do", 200) - before.requests("GET", "*.do", 200)).isEqualTo(1);
    assertThat(after.requests("GET", "/", 200) - before.requests("GET", "/", 200)).isEqualTo(1);
    assertThat(after.requests("DELETE", "/api/v1/items/*", 405) - before.requests("DELETE", "/api/v1/items/*", 405))
        .isEqualTo(1);
    assertThat(after.value(LATENCY_COUNT, "method", "GET", "endpoint", record)
        - before.value(LATENCY_COUNT, "method", "GET", "endpoint", record)).isEqualTo(1);
    assertThat(after.labelValues(REQUESTS, "endpoint")).doesNotContain("/api/v1/items/42", "/router/anything",
        "/api/v1/tables/7/records/9", "/report.do");
  }

  @Test
  void countsUnmappedPathsAsNotFound() throws Exception {
    Exposition before = app.scrape();
    assertThat(app.get("/no/such/page").statusCode()).isEqualTo(404);
    Exposition after = app.scrape();
    assertThat(after.requests("GET", RouteTemplates.NOT_FOUND, 404)
        - before.requests("GET", RouteTemplates.NOT_FOUND, 404)).isEqualTo(1);
  }

  @Test
  void countsThrowingRequestAs500AndPropagatesTheException() throws Exception {
    Exposition before = app.scrape();
    app.app.propagated.set(null);
    HttpResponse<String> response = app.get("/boom");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(app.app.thrown.get()).isNotNull();
    assertThat(app.app.propagated.get()).isSameAs(app.app.thrown.get());
    Exposition after = app.scrape();
    assertThat(after.requests("GET", "/boom", 500) - before.requests("GET", "/boom", 500)).isEqualTo(1);
    assertThat(after.requests("GET", "/boom", 200)).isZero();
  }

  @Test
  void recordsTheStatusTheClientReceivesWhenTheServletThrows() throws Exception {
    // the container, not the servlet, decides these statuses: 400 for a malformed query string, 404 or 500 after
    // sendError then a throw, 500 after setStatus then a throw, 503 or 500 for a wrapped UnavailableException
    String[][] cases = {
        {"/echo?q=%zz", "/echo"},
        {"/send-error-then-throw", "/send-error-then-throw"},
        {"/set-status-then-throw", "/set-status-then-throw"},
        {"/wrapped-unavailable", "/wrapped-unavailable"},
        {"/boom", "/boom"}};
    for (String[] c : cases) {
      Exposition before = app.scrape();
      int received = app.rawGet(c[0]);
      Exposition after = app.scrape();
      assertThat(after.requests("GET", c[1], received) - before.requests("GET", c[1], received))
          .as("GET %s answered %d", c[0], received).isEqualTo(1);
      assertThat(after.sumWhere(REQUESTS, "endpoint", c[1]) - before.sumWhere(REQUESTS, "endpoint", c[1]))
          .as("GET %s counted once", c[0]).isEqualTo(1);
    }
    assertThat(app.rawGet("/echo?q=%zz")).isEqualTo(400);
  }

  @Test
  void countsEveryRequestToAnUnavailableServletWithTheStatusTheClientReceives() throws Exception {
    Exposition before = app.scrape();
    int first = app.rawGet("/unavailable");
    int second = app.rawGet("/unavailable");
    Exposition after = app.scrape();

    assertThat(first).isEqualTo(503);
    assertThat(after.requests("GET", "/unavailable", 503) - before.requests("GET", "/unavailable", 503))
        .isEqualTo(refusesUnavailableServletsBeforeFilters() ? 1 : 2);
    assertThat(after.sumWhere(REQUESTS, "endpoint", "/unavailable")
        - before.sumWhere(REQUESTS, "endpoint", "/unavailable")).isEqualTo(2);
    if (refusesUnavailableServletsBeforeFilters()) {
      // answered before any filter: counted, with the status no filter or listener can read
      assertThat(second).isBetween(400, 599);
      assertThat(after.value(REQUESTS, "method", "GET", "endpoint", "/unavailable", "status", "unknown")
          - before.value(REQUESTS, "method", "GET", "endpoint", "/unavailable", "status", "unknown")).isEqualTo(1);
    }
    assertThat(after.value("http_requests_in_flight")).isZero();
  }

  @Test
  void countsARequestOnceWhateverTheContainerDispatches() throws Exception {
    // the filter is mapped for REQUEST only here; DispatchCountingTest maps it for every dispatcher type
    Exposition before = app.scrape();
    assertThat(app.get("/api/v1/items/missing").statusCode()).isEqualTo(404);
    Exposition after = app.scrape();
    assertThat(after.sum(REQUESTS) - before.sum(REQUESTS)).isEqualTo(1);
  }

  @Test
  void neverRecordsRequestsTheMetricsEndpointOrAnExcludedServletServesWhateverTheirSpelling() throws Exception {
    // path parameters, doubled slashes, encoded dots: the container serves these from the endpoint or the excluded
    // servlet (or rejects them before any filter); none is an HTTP request of the application
    String[] spellings = {"/api/v1/metrics;x=1", "//api/v1/metrics", "/api/v1/%2e/metrics", "/api/v1/x/../metrics",
        "/api/v1/%6detrics", "/internal;a=b/status", "//internal/status", "/internal/./status"};
    Exposition before = app.scrape();
    for (String target : spellings) {
      int status = app.rawGet(target);
      assertThat(status).as("GET %s", target).isIn(200, 400);
    }
    Exposition after = app.scrape();
    assertThat(after.sum(REQUESTS) - before.sum(REQUESTS)).isZero();
    assertThat(after.labelValues(REQUESTS, "endpoint")).doesNotContain(app.metricsPath, "/internal/*");
  }

  @Test
  void recordsWhatTheEndpointDoesNotServeEvenWhenItLooksLikeTheMetricsPath() throws Exception {
    Exposition before = app.scrape();
    assertThat(app.rawGet("/API/v1/metrics")).isEqualTo(404);
    assertThat(app.rawGet("/api/v1/metrics/extra")).isEqualTo(404);
    Exposition after = app.scrape();
    assertThat(after.requests("GET", RouteTemplates.NOT_FOUND, 404)
        - before.requests("GET", RouteTemplates.NOT_FOUND, 404)).isEqualTo(2);
  }

  @Test
  void createsTheSeriesOfEveryKnownRouteAtZeroBeforeItsFirstRequest() throws Exception {
    try (RunningApp fresh = RunningApp.start(containers(), name() + "-fresh", PyBaseMetricsConfig.builder().build(),
        ServletMetricsConfig.builder().excludedPaths("/internal/*").build())) {
      Exposition s = fresh.scrape();
      // a @Route servlet, servlets by mapping pattern (exact, path, extension, context root), a declared route:
      // each method the servlet implements, its error counter and its latency histogram at zero
      String[][] routes = {
          {"GET", "/api/v1/tables/{tableId}/records/{recordId}"},
          {"GET", "/api/v1/health"},
          {"GET", "/api/v1/items/*"},
          {"GET", "*.do"},
          {"GET", "/"},
          {"GET", "/router/{name}"},
          {"GET", "/echo"}};
      for (String[] r : routes) {
        assertThat(s.hasSample(REQUESTS, "method", r[0], "endpoint", r[1], "status", "500"))
            .as("%s %s 500", r[0], r[1]).isTrue();
        assertThat(s.value(REQUESTS, "method", r[0], "endpoint", r[1], "status", "500")).isZero();
        assertThat(s.hasSample(LATENCY_COUNT, "method", r[0], "endpoint", r[1])).as("%s %s latency", r[0], r[1])
            .isTrue();
      }
      Set<String> endpoints = s.labelValues(REQUESTS, "endpoint");
      // no series for what is not a route: the default servlet, the metrics endpoint, excluded paths (a route declared
      // under one too), the mapping of a servlet that declared its routes, methods a servlet does not implement
      assertThat(endpoints).doesNotContain(fresh.metricsPath, "/internal/*", "/internal/{job}", "/router/*",
          RouteTemplates.NOT_FOUND, RouteTemplates.UNMATCHED);
      assertThat(s.hasSample(REQUESTS, "method", "POST", "endpoint", "/api/v1/health", "status", "500")).isFalse();
      assertThat(s.sum(REQUESTS)).isZero();

      assertThat(fresh.get("/api/v1/health").statusCode()).isEqualTo(200);
      assertThat(fresh.scrape().requests("GET", "/api/v1/health", 200)).isEqualTo(1);
    }
  }

  @Test
  void recordsAsyncRequestOnceWhenCompletedFromAnotherThread() throws Exception {
    Exposition before = app.scrape();
    HttpResponse<String> response = app.get("/async");
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("accepted");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      Exposition after = app.scrape();
      assertThat(after.requests("GET", "/async", 202) - before.requests("GET", "/async", 202)).isEqualTo(1);
    });
    Exposition after = app.scrape();
    assertThat(after.requests("GET", "/async", 200)).isZero();
    assertThat(after.value(LATENCY_COUNT, "method", "GET", "endpoint", "/async")
        - before.value(LATENCY_COUNT, "method", "GET", "endpoint", "/async")).isEqualTo(1);
    assertThat(after.value(LATENCY_SUM, "method", "GET", "endpoint", "/async")
        - before.value(LATENCY_SUM, "method", "GET", "endpoint", "/async")).isGreaterThanOrEqualTo(0.025);
  }

  @Test
  void recordsAsyncTimeoutOnceWithTheStatusTheClientReceives() throws Exception {
    Exposition before = app.scrape();
    int status = app.get("/async-timeout").statusCode();
    assertThat(status).isGreaterThanOrEqualTo(500);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      Exposition after = app.scrape();
      assertThat(after.requests("GET", "/async-timeout", status)
          - before.requests("GET", "/async-timeout", status)).isEqualTo(1);
    });
    Thread.sleep(200);
    assertThat(app.scrape().sumWhere(REQUESTS, "endpoint", "/async-timeout")
        - before.sumWhere(REQUESTS, "endpoint", "/async-timeout")).isEqualTo(1);
  }

  @Test
  void countsRequestAnsweredByAFilterBeforeAnyServlet() throws Exception {
    Exposition before = app.scrape();
    assertThat(app.get("/gated/secret").statusCode()).isEqualTo(403);
    Exposition after = app.scrape();
    assertThat(after.requests("GET", "/gated/*", 403) - before.requests("GET", "/gated/*", 403)).isEqualTo(1);
  }

  @Test
  void leavesMetricsEndpointAndExcludedPathsUnrecorded() throws Exception {
    assertThat(app.get("/internal/status").statusCode()).isEqualTo(200);
    app.scrape();
    Exposition s = app.scrape();
    assertThat(s.labelValues(REQUESTS, "endpoint")).doesNotContain(app.metricsPath, "/internal/*");
  }

  @Test
  void boundsEndpointValuesOverTenThousandRandomPaths() throws Exception {
    Random random = new Random(42);
    String[] prefixes = {"/", "/api/v1/items/", "/api/v1/tables/", "/router/", "/x/"};
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      paths.add(prefixes[i % prefixes.length] + Long.toHexString(random.nextLong()) + "/" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int from = t * 2_500;
        results.add(pool.submit(() -> {
          int ok = 0;
          for (int i = from; i < from + 2_500; i++) {
            int code = app.get(paths.get(i)).statusCode();
            if (code == 200 || code == 404) {
              ok++;
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(2_500);
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> endpoints = app.scrape().labelValues(REQUESTS, "endpoint");
    assertThat(endpoints).hasSizeLessThanOrEqualTo(20);
    assertThat(endpoints).contains("/api/v1/items/*", "/api/v1/tables/{tableId}/records/{recordId}",
        "/router/{name}", RouteTemplates.NOT_FOUND);
    assertThat(endpoints).allSatisfy(e -> assertThat(e).doesNotContainPattern("[0-9a-f]{8}"));
  }

  @Test
  void foldsRandomMethodTokensIntoOneOverflowValue() throws Exception {
    Exposition before = app.scrape();
    Random random = new Random(7);
    for (int i = 0; i < 1_000; i++) {
      StringBuilder token = new StringBuilder("X");
      for (int j = 0, n = 3 + random.nextInt(8); j < n; j++) {
        token.append((char) ('A' + random.nextInt(26)));
      }
      app.send(token.toString(), "/api/v1/health");
    }
    Exposition after = app.scrape();
    Set<String> methods = after.labelValues(REQUESTS, "method");
    assertThat(methods).isSubsetOf("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH",
        "_OTHER");
    assertThat(after.sumWhere(REQUESTS, "method", "_OTHER") - before.sumWhere(REQUESTS, "method", "_OTHER"))
        .isEqualTo(1_000);
  }

  @Test
  void tracksInFlightRequests() throws Exception {
    app.app.slowRelease = new CountDownLatch(1);
    CompletableFuture<HttpResponse<String>> slow = RunningApp.CLIENT.sendAsync(
        HttpRequest.newBuilder(app.uri("/slow")).build(), HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(app.scrape().value("http_requests_in_flight")).isEqualTo(1));
    app.app.slowRelease.countDown();
    assertThat(slow.get().statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(app.scrape().value("http_requests_in_flight")).isZero());
  }

  @Test
  void servesTextOpenMetricsProtobufAndGzip() throws Exception {
    app.get("/api/v1/health");
    HttpResponse<String> text = app.get(app.metricsPath);
    assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(text.body()).contains("# TYPE http_requests_total counter");

    HttpResponse<String> om = app.get(app.metricsPath, "Accept", "application/openmetrics-text; version=1.0.0");
    assertThat(om.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
    assertThat(om.body()).contains("# TYPE http_requests counter").endsWith("# EOF\n");

    HttpResponse<byte[]> proto = RunningApp.CLIENT.send(HttpRequest.newBuilder(app.uri(app.metricsPath))
        .header("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(proto.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.google.protobuf");
    assertThat(new String(proto.body(), StandardCharsets.ISO_8859_1)).contains("http_requests_total");

    HttpResponse<byte[]> gz = RunningApp.CLIENT.send(HttpRequest.newBuilder(app.uri(app.metricsPath))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("http_requests_total{");
    }
  }

  @Test
  void servesExemplarsOfTheCurrentOpenTelemetrySpan() throws Exception {
    List<ReadableSpan> ended = new CopyOnWriteArrayList<>();
    SpanProcessor collect = new SpanProcessor() {
      @Override
      public void onStart(Context parent, ReadWriteSpan span) {
      }

      @Override
      public boolean isStartRequired() {
        return false;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        ended.add(span);
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }
    };
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(collect).build()) {
      app.app.tracer = tracing.get("test");
      HttpResponse<String> traced = app.get("/traced", "x-trace", "1");
      assertThat(traced.statusCode()).isEqualTo(200);
      String traceId = traced.headers().firstValue("x-trace-id").orElseThrow();

      HttpResponse<String> om = app.get(app.metricsPath, "Accept", "application/openmetrics-text; version=1.0.0");
      assertThat(om.body()).containsPattern("(?m)^api_latency_histogram_bucket\\{[^}]*endpoint=\"/traced\"[^}]*} 1 "
          + "# \\{span_id=\"[0-9a-f]{16}\",trace_id=\"" + traceId + "\"} ");
      assertThat(om.body()).containsPattern("(?m)^http_requests_total\\{[^}]*endpoint=\"/traced\"[^}]*} 1(\\.0)? "
          + "# \\{span_id=\"[0-9a-f]{16}\",trace_id=\"" + traceId + "\"} ");
      // the plain text format carries no exemplars
      assertThat(app.get(app.metricsPath).body()).doesNotContain(traceId);
      await().atMost(Duration.ofSeconds(5)).until(() -> !ended.isEmpty());
    } finally {
      app.app.tracer = null;
    }
  }

  @Test
  void faultInEndpointResolutionNeverChangesTheResponse() throws Exception {
    Exposition before = app.scrape();
    app.app.breakMapping = true;
    try {
      HttpResponse<String> ok = app.get("/api/v1/health");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
      assertThat(app.get("/api/v1/items/missing").statusCode()).isEqualTo(404);
    } finally {
      app.app.breakMapping = false;
    }
    Exposition after = app.scrape();
    assertThat(after.requests("GET", RouteTemplates.UNMATCHED, 200)
        - before.requests("GET", RouteTemplates.UNMATCHED, 200)).isEqualTo(1);
    assertThat(after.requests("GET", RouteTemplates.NOT_FOUND, 404)
        - before.requests("GET", RouteTemplates.NOT_FOUND, 404)).isEqualTo(1);
    assertThat(after.value("pybase_metrics_recording_errors_total")
        - before.value("pybase_metrics_recording_errors_total")).isEqualTo(2);
  }

  @Test
  void failingRecorderNeverChangesTheResponse() throws Exception {
    // Every recording call of this recorder throws, an Error included (a class missing from the classpath).
    RequestRecorder broken = new RequestRecorder() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public void started() {
        throw new NoClassDefFoundError("io/prometheus/metrics/tracer/initializer/SpanContextSupplier");
      }

      @Override
      public void ended() {
        throw new IllegalStateException("broken");
      }

      @Override
      public void finished(String method, String endpoint, int status, long durationNanos) {
        throw new NoClassDefFoundError("io/prometheus/metrics/tracer/initializer/SpanContextSupplier");
      }

      @Override
      public void failed(Throwable fault) {
        throw new IllegalStateException("broken too");
      }

      @Override
      public void initRoute(String method, String endpoint) {
        throw new NoClassDefFoundError("io/prometheus/metrics/core/metrics/Histogram");
      }
    };
    try (RunningApp faulty = RunningApp.start(containers(), name() + "-faulty", app.metrics, null,
        ctx -> {
          var f = ctx.addFilter("brokenMetrics",
              new PyBaseMetricsFilter(broken, ServletMetricsConfig.builder().build()));
          f.setAsyncSupported(true);
          f.addMappingForUrlPatterns(java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST), false, "/*");
        }, "/api/v1/metrics", List.of())) {
      HttpResponse<String> ok = faulty.get("/api/v1/health");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
      assertThat(faulty.get("/api/v1/items/missing").statusCode()).isEqualTo(404);
      HttpResponse<String> async = faulty.get("/async");
      assertThat(async.statusCode()).isEqualTo(202);
      assertThat(async.body()).isEqualTo("accepted");
      assertThat(faulty.get("/boom").statusCode()).isEqualTo(500);
      assertThat(faulty.app.propagated.get()).isSameAs(faulty.app.thrown.get());
    }
  }

  @Test
  void scrapeWhoseExpositionThrowsAnErrorAnswersOneLine500AndNothingReachesTheContainer() throws Exception {
    NoClassDefFoundError missing = new NoClassDefFoundError("io/prometheus/metrics/expositionformats/TextFormatUtil");
    try (RunningApp faulty = RunningApp.start(containers(), name() + "-failing-scrape", app.metrics, null,
        ctx -> ctx.addServlet("failingEndpoint", new MetricsEndpointServlet(app.metrics,
            ServletMetricsConfig.builder().build(), (request, response) -> {
              throw missing;
            })).addMapping("/api/v1/metrics"), "/api/v1/metrics", List.of())) {
      double errorsBefore = app.scrape().value("pybase_metrics_recording_errors_total");
      faulty.app.propagated.set(null);
      HttpResponse<String> scrape = faulty.get("/api/v1/metrics");
      assertThat(scrape.statusCode()).isEqualTo(500);
      assertThat(scrape.body()).isEqualTo("scrape failed: " + missing + "\n");
      assertThat(faulty.app.propagated.get()).as("what left the filter chain").isNull();
      assertThat(app.scrape().value("pybase_metrics_recording_errors_total") - errorsBefore).isEqualTo(1);
    }
  }

  @Test
  void protectsEndpointWithBearerToken() throws Exception {
    try (RunningApp secured = RunningApp.start(containers(), name() + "-bearer", PyBaseMetricsConfig.builder().build(),
        ServletMetricsConfig.builder().bearerToken("s3cret-token").build())) {
      HttpResponse<String> none = secured.get(secured.metricsPath);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
      assertThat(none.body()).doesNotContain("http_requests_total");
      assertThat(secured.get(secured.metricsPath, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
      assertThat(secured.get(secured.metricsPath, "Authorization", "Bearer s3cret-token-and-more").statusCode())
          .isEqualTo(401);
      HttpResponse<String> right = secured.get(secured.metricsPath, "Authorization", "Bearer s3cret-token");
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("http_requests_in_flight");
    }
  }

  @Test
  void protectsEndpointWithBasicAuth() throws Exception {
    try (RunningApp secured = RunningApp.start(containers(), name() + "-basic", PyBaseMetricsConfig.builder().build(),
        ServletMetricsConfig.builder().basicAuth("prometheus", "pa:ss").build())) {
      HttpResponse<String> none = secured.get(secured.metricsPath);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Basic");
      assertThat(secured.get(secured.metricsPath, "Authorization", basic("prometheus", "wrong")).statusCode())
          .isEqualTo(401);
      assertThat(secured.get(secured.metricsPath, "Authorization", "Basic %%%").statusCode()).isEqualTo(401);
      HttpResponse<String> right = secured.get(secured.metricsPath, "Authorization", basic("prometheus", "pa:ss"));
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).contains("http_requests_in_flight");
    }
  }

  @Test
  void disabledMetricsRecordNothingAndEndpointAnswers404() throws Exception {
    try (RunningApp off = RunningApp.start(containers(), name() + "-off",
        PyBaseMetricsConfig.builder().enabled(false).build(), ServletMetricsConfig.builder().build())) {
      HttpResponse<String> ok = off.get("/api/v1/health");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("ok");
      assertThat(off.get(off.metricsPath).statusCode()).isEqualTo(404);
      assertThat(off.metrics.registry().scrape().size()).isZero();
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
