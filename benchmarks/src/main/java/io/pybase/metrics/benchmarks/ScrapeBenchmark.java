package io.pybase.metrics.benchmarks;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.pybase.metrics.MetricDefinition;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.HttpMetrics;
import io.pybase.metrics.servlet.MetricsEndpointServlet;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scrape of 10,000 series in the text format: 100 endpoints x 5 methods x 6 statuses of
 * {@code http_requests_total} (3,000 series) and 500 {@code api_latency_histogram} children of 14 series each
 * (11 buckets, {@code +Inf}, {@code _count}, {@code _sum}: 7,000 series).
 *
 * <p>PyBase's endpoint serves its registry with client_java's own {@code PrometheusScrapeHandler} and
 * {@code PrometheusTextFormatWriter}, so "no slower than client_java's own text writer" cannot be about the writer:
 * it is the same code. What can differ is what runs around it: collecting PyBase's catalogue (its metrics are
 * client_java metrics, plus a few catalogue series and callbacks) and the endpoint's handler. Hence four figures:
 * <ul>
 *   <li>{@code scrapeWriterOnly}: the writer alone on snapshots taken in setup (the lower bound);</li>
 *   <li>{@code scrapeClientJava}: collect + write of the same series kept in hand-written client_java metrics;</li>
 *   <li>{@code scrapePybase}: collect + write of PyBase's catalogue (compare with {@code scrapeClientJava});</li>
 *   <li>{@code scrapePybaseHttpOnly}: the same, limited to the two HTTP metrics (what the rest of the catalogue
 *       costs);</li>
 *   <li>{@code scrapePybaseEndpoint}: the endpoint's whole path, {@code MetricsEndpointServlet.service} on a
 *       minimal {@code GET} without {@code Accept} or {@code Accept-Encoding} headers (so an uncompressed text
 *       response): what the metrics endpoint adds on top of {@code scrapePybase}.</li>
 * </ul>
 *
 * <pre>{@code
 * benchmarks/run.sh 'ScrapeBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ScrapeBenchmark {

  /** Endpoints of the 10,000-series registries (the default endpoint cap, 100). */
  static final int ENDPOINTS = 100;

  /** The same 10,000 series in a PyBase catalogue and in hand-written client_java metrics. */
  @State(Scope.Benchmark)
  public static class Series {
    public PrometheusRegistry pybaseRegistry;
    public PrometheusRegistry clientJavaRegistry;
    public MetricSnapshots clientJavaSnapshots;
    public PrometheusTextFormatWriter writer;
    public MetricsEndpointServlet endpoint;
    public final ByteCountingStream sink = new ByteCountingStream();
    public final FakeRequest scrapeRequest = new FakeRequest("GET", "/api/v1/metrics", null);
    public final FakeResponse scrapeResponse = new FakeResponse(sink);

    @Setup(Level.Trial)
    public void setUp() {
      pybaseRegistry = new PrometheusRegistry();
      PyBaseMetrics metrics = PyBaseMetrics.register(pybaseRegistry,
          PyBaseMetricsConfig.builder().jvmMetrics(false).build());
      HttpMetrics http = metrics.http();

      clientJavaRegistry = new PrometheusRegistry();
      Counter requests = Counter.builder()
          .name("http_requests_total")
          .help(MetricDefinition.HTTP_REQUESTS.help())
          .labelNames("method", "endpoint", "status")
          .register(clientJavaRegistry);
      Histogram latency = Histogram.builder()
          .name("api_latency_histogram")
          .help(MetricDefinition.API_LATENCY.help())
          .labelNames("method", "endpoint")
          .classicUpperBounds(MetricDefinition.API_LATENCY.buckets())
          .classicOnly()
          .register(clientJavaRegistry);

      long n = 0;
      for (int e = 0; e < ENDPOINTS; e++) {
        String endpoint = "/api/v1/resources" + e + "/{id}";
        for (String method : RequestRotation.METHODS) {
          for (int status : RequestRotation.STATUSES) {
            long nanos = RequestRotation.LATENCIES_NANOS[(int) (n++ % RequestRotation.LATENCIES_NANOS.length)];
            http.requestFinished(method, endpoint, status, nanos);
            requests.labelValues(method, endpoint, Integer.toString(status)).inc();
            latency.labelValues(method, endpoint).observe(nanos / 1e9);
          }
        }
      }
      writer = PrometheusTextFormatWriter.create();
      clientJavaSnapshots = clientJavaRegistry.scrape();
      endpoint = new MetricsEndpointServlet(metrics, ServletMetricsConfig.builder().build());
    }
  }

  @Benchmark
  public long scrapeWriterOnly(Series s) throws IOException {
    s.sink.reset();
    s.writer.write(s.sink, s.clientJavaSnapshots);
    return s.sink.count();
  }

  @Benchmark
  public long scrapeClientJava(Series s) throws IOException {
    s.sink.reset();
    s.writer.write(s.sink, s.clientJavaRegistry.scrape());
    return s.sink.count();
  }

  @Benchmark
  public long scrapePybase(Series s) throws IOException {
    s.sink.reset();
    s.writer.write(s.sink, s.pybaseRegistry.scrape());
    return s.sink.count();
  }

  /** {@code scrapePybase} limited to the two HTTP metrics: the same metrics as {@code scrapeClientJava}, nothing else. */
  @Benchmark
  public long scrapePybaseHttpOnly(Series s) throws IOException {
    s.sink.reset();
    s.writer.write(s.sink, s.pybaseRegistry.scrape(ScrapeBenchmark::isHttpMetric));
    return s.sink.count();
  }

  static boolean isHttpMetric(String name) {
    return (name.startsWith("http_requests") && !name.startsWith("http_requests_in_flight"))
        || name.startsWith("api_latency_histogram");
  }

  @Benchmark
  public long scrapePybaseEndpoint(Series s) throws IOException, ServletException {
    s.sink.reset();
    s.endpoint.service(s.scrapeRequest, s.scrapeResponse);
    return s.sink.count();
  }
}
