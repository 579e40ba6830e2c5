package io.pybase.metrics.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, briefly and in this JVM, so a broken benchmark fails the build; and checks that the
 * fixtures measure what they claim. Never asserts a timing: figures come from {@code benchmarks/run.sh}.
 */
class BenchmarksSmokeTest {

  static final List<Class<?>> BENCHMARK_CLASSES = List.of(RecordRequestBenchmark.class, ScrapeBenchmark.class,
      TaskWrapperBenchmark.class, WholeRequestBenchmark.class, RouteTemplateBenchmark.class, StatusCodeBenchmark.class);

  @Test
  void everyBenchmarkRunsWithoutError() throws RunnerException {
    // The smoke run measures nothing, so a real benchmark run holding JMH's machine-wide lock must not fail it.
    System.setProperty("jmh.ignoreLock", "true");
    Options options = new OptionsBuilder()
        .include("io\\.pybase\\.metrics\\.benchmarks\\..*")
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(20))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = results.stream()
        .map(r -> r.getParams().getBenchmark().replaceFirst("^io\\.pybase\\.metrics\\.benchmarks\\.", ""))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(ran).containsExactlyInAnyOrderElementsOf(declaredBenchmarks());
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
  }

  @Test
  void everyRecordingFixtureRecordsTheSameRequests() {
    RecordRequestBenchmark.Pybase pybase = new RecordRequestBenchmark.Pybase();
    pybase.setUp();
    RecordRequestBenchmark.ClientJava clientJava = new RecordRequestBenchmark.ClientJava();
    clientJava.setUp();
    RecordRequestBenchmark.Micrometer micrometer = new RecordRequestBenchmark.Micrometer();
    micrometer.setUp();

    RecordRequestBenchmark benchmark = new RecordRequestBenchmark();
    RequestRotation[] rotations = {new RequestRotation(), new RequestRotation(), new RequestRotation()};
    for (int n = 0; n < RequestRotation.SIZE; n++) {
      benchmark.recordRequestPybase(pybase, rotations[0]);
      benchmark.recordRequestClientJava(clientJava, rotations[1]);
      benchmark.recordRequestMicrometer(micrometer, rotations[2]);
    }

    // setUp recorded every label set once, the loop each of them again: two per series
    assertThat(requestCounts(pybase.registry)).hasSize(RequestRotation.SIZE).containsOnly(2.0);
    assertThat(requestCounts(clientJava.registry)).hasSize(RequestRotation.SIZE).containsOnly(2.0);
    assertThat(micrometer.registry.find("http.requests").counters()).hasSize(RequestRotation.SIZE)
        .allSatisfy(c -> assertThat(c.count()).isEqualTo(2.0));
    assertThat(micrometer.registry.find("api.latency").timers()).hasSize(RequestRotation.SIZE / 6);
  }

  @Test
  void scrapeFixturesHoldTenThousandIdenticalSeries() throws Exception {
    ScrapeBenchmark.Series series = new ScrapeBenchmark.Series();
    series.setUp();

    String clientJava = text(series.clientJavaRegistry);
    String pybase = text(series.pybaseRegistry);
    assertThat(samples(clientJava)).hasSize(10_000);
    assertThat(samples(pybase)).containsAll(samples(clientJava));
    // the catalogue's own series (overflow and error counters, gauges) come on top, a handful
    assertThat(samples(pybase).size()).isBetween(10_000, 10_050);

    ScrapeBenchmark benchmark = new ScrapeBenchmark();
    long endpointBytes = benchmark.scrapePybaseEndpoint(series);
    assertThat(series.scrapeResponse.getStatus()).isEqualTo(200);
    assertThat(endpointBytes).isEqualTo(benchmark.scrapePybase(series))
        .isEqualTo(pybase.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void wholeRequestFixturesServeTheRouteAndRecordItsTemplateOnlyWhenOn() throws Exception {
    for (WholeRequestBenchmark.App app : List.of(new WholeRequestBenchmark.ServletApp(),
        new WholeRequestBenchmark.ServletSetApp(), new WholeRequestBenchmark.SpringMvcApp(), new WholeRequestBenchmark.JerseyApp())) {
      for (String metrics : List.of("on", "off")) {
        app.metrics = metrics;
        app.start();
        try {
          assertThat(app.send()).startsWith("HTTP/1.1 200").endsWith("record");
          if (metrics.equals("on")) {
            // the filter records when the chain returns, which may follow the response the client already has
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (app.recordedEndpoints().isEmpty() && System.nanoTime() < deadline) {
              Thread.sleep(10);
            }
            assertThat(app.recordedEndpoints()).as(app.getClass().getSimpleName())
                .containsExactly(WholeRequestBenchmark.TEMPLATE);
          } else {
            assertThat(app.recordedEndpoints()).isEmpty();
          }
        } finally {
          app.stop();
        }
      }
    }
  }

  @Test
  void statusFixtureFoldsSixtyThousandOutOfRangeCodesIntoOneSeries() throws IOException {
    StatusCodeBenchmark.Statuses statuses = new StatusCodeBenchmark.Statuses();
    statuses.distinctStatuses = 60_000;
    statuses.setUp();
    StatusCodeBenchmark benchmark = new StatusCodeBenchmark();
    StatusCodeBenchmark.Cursor cursor = new StatusCodeBenchmark.Cursor();
    for (int i = 0; i < 60_000; i++) {
      benchmark.recordOutOfRangeStatus(statuses, cursor);
    }

    List<String> series = samples(text(statuses.registry)).stream()
        .filter(l -> l.startsWith("http_requests_total{")).collect(Collectors.toList());
    // the unknown series, holding every request, and the 500 series the first request created at zero
    assertThat(series).containsExactlyInAnyOrder(
        "http_requests_total{endpoint=\"/api/v1/items/{id}\",method=\"GET\",status=\"unknown\"} 120000.0",
        "http_requests_total{endpoint=\"/api/v1/items/{id}\",method=\"GET\",status=\"500\"} 0.0");
  }

  private static List<Double> requestCounts(PrometheusRegistry registry) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals("http_requests")) {
        return ((CounterSnapshot) s).getDataPoints().stream().map(CounterSnapshot.CounterDataPointSnapshot::getValue)
            .collect(Collectors.toList());
      }
    }
    throw new AssertionError("no http_requests_total in the registry");
  }

  private static String text(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static List<String> samples(String exposition) {
    return Arrays.stream(exposition.split("\n")).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toList());
  }

  private static Set<String> declaredBenchmarks() {
    Set<String> names = new TreeSet<>();
    for (Class<?> c : BENCHMARK_CLASSES) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          names.add(c.getSimpleName() + "." + m.getName());
        }
      }
    }
    return names;
  }
}
