package io.pybase.metrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.MetricDefinition;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.HttpMetrics;
import io.pybase.metrics.servlet.PyBaseMetricsFilter;
import io.pybase.metrics.servlet.ServletMetricsConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording one finished HTTP request, {@code http_requests_total{method,endpoint,status}} plus
 * {@code api_latency_histogram{method,endpoint}}, over the 600 label sets of {@link RequestRotation}: PyBase Metrics
 * against the same recording written by hand with client_java and with Micrometer, and two {@link LongAdder}
 * increments as the floor. Every label set is recorded once in setup, so the figures are those of a label set seen
 * before. The {@code TwoThreads} variants run the same body on two threads sharing the metrics.
 *
 * <ul>
 *   <li>{@code recordRequestPybase}: the servlet filter's own recording path,
 *       {@code PyBaseMetricsFilter.record(request, response, startNanos)}, on a minimal request and response: route
 *       template, method, status, one clock read, then {@code HttpMetrics.requestFinished}.</li>
 *   <li>{@code recordRequestPybaseCore}: {@code HttpMetrics.requestFinished} called directly.</li>
 *   <li>{@code recordRequestClientJava}, {@code recordRequestMicrometer}: the same recording written by hand, with the
 *       look-ups a team writes: {@code labelValues(..)} per call, Micrometer's builders per call.</li>
 * </ul>
 * Every request benchmark reads the clock once, as the filter does at the end of a request, so they do the same
 * work around the library; the floor does not; {@code recordRequestClockRead} is that clock read alone.
 *
 * <pre>{@code
 * benchmarks/run.sh 'RecordRequestBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class RecordRequestBenchmark {

  /**
   * PyBase's servlet filter on its own registry, default configuration, native histograms as a parameter; one
   * minimal request and response per label set, built in setup.
   */
  @State(Scope.Benchmark)
  public static class Pybase {
    @Param({"false", "true"})
    public boolean nativeHistograms;

    public PrometheusRegistry registry;
    public HttpMetrics http;
    public PyBaseMetricsFilter filter;
    public final HttpServletRequest[] requests = new HttpServletRequest[RequestRotation.SIZE];
    public final HttpServletResponse[] responses = new HttpServletResponse[RequestRotation.SIZE];

    @Setup(Level.Trial)
    public void setUp() {
      registry = new PrometheusRegistry();
      PyBaseMetricsConfig config = PyBaseMetricsConfig.builder()
          .jvmMetrics(false)
          .nativeHistograms(nativeHistograms)
          .build();
      PyBaseMetrics metrics = PyBaseMetrics.register(registry, config);
      http = metrics.http();
      filter = new PyBaseMetricsFilter(metrics, ServletMetricsConfig.builder().build());
      // every rotation holds the same label sets in the same order; only the starting point differs
      RequestRotation r = new RequestRotation();
      for (int i = 0; i < RequestRotation.SIZE; i++) {
        requests[i] = new FakeRequest(r.methods[i], r.endpoints[i].replace("{", "").replace("}", ""), r.endpoints[i]);
        responses[i] = new FakeResponse(r.statuses[i]);
        filter.record(requests[i], responses[i], System.nanoTime() - r.nanos[i]);
      }
    }
  }

  /**
   * A PyBase catalogue per benchmark thread, default configuration: the two-thread figure without any cache line
   * shared between the threads, to tell the cost of sharing the metrics from the machine's own scaling.
   */
  @State(Scope.Thread)
  public static class PybasePerThread {
    public HttpMetrics http;

    @Setup(Level.Trial)
    public void setUp() {
      http = PyBaseMetrics.register(new PrometheusRegistry(), PyBaseMetricsConfig.builder().jvmMetrics(false).build())
          .http();
      RequestRotation warm = new RequestRotation();
      for (int n = 0; n < RequestRotation.SIZE; n++) {
        int i = warm.next();
        http.requestFinished(warm.methods[i], warm.endpoints[i], warm.statuses[i], warm.nanos[i]);
      }
    }
  }

  /** What a team writes by hand with client_java: a counter and a default histogram, labelValues per call. */
  @State(Scope.Benchmark)
  public static class ClientJava {
    public PrometheusRegistry registry;
    public io.prometheus.metrics.core.metrics.Counter requests;
    public Histogram latency;

    @Setup(Level.Trial)
    public void setUp() {
      registry = new PrometheusRegistry();
      requests = io.prometheus.metrics.core.metrics.Counter.builder()
          .name("http_requests_total")
          .help("Total HTTP requests.")
          .labelNames("method", "endpoint", "status")
          .register(registry);
      latency = Histogram.builder()
          .name("api_latency_histogram")
          .help("HTTP request latency in seconds.")
          .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
          .labelNames("method", "endpoint")
          .register(registry);
      RequestRotation warm = new RequestRotation();
      for (int n = 0; n < RequestRotation.SIZE; n++) {
        record(warm, warm.next());
      }
      resolve();
    }

    /**
     * Data points resolved once, by rotation index, with a classic-only histogram as PyBase's default: what recording
     * costs in client_java's data points alone, with no look-up at all (the floor of any recorder built on them).
     */
    public final CounterDataPoint[] resolvedRequests = new CounterDataPoint[RequestRotation.SIZE];
    public final DistributionDataPoint[] resolvedLatencies = new DistributionDataPoint[RequestRotation.SIZE];

    void resolve() {
      Histogram classicLatency = Histogram.builder()
          .name("api_latency_classic")
          .help("HTTP request latency in seconds, classic buckets only.")
          .unit(io.prometheus.metrics.model.snapshots.Unit.SECONDS)
          .labelNames("method", "endpoint")
          .classicUpperBounds(MetricDefinition.API_LATENCY.buckets())
          .classicOnly()
          .register(registry);
      RequestRotation r = new RequestRotation();
      for (int i = 0; i < RequestRotation.SIZE; i++) {
        resolvedRequests[i] = requests.labelValues(r.methods[i], r.endpoints[i], r.statusLabels[i]);
        resolvedLatencies[i] = classicLatency.labelValues(r.methods[i], r.endpoints[i]);
        resolvedLatencies[i].observe(r.nanos[i] / 1e9);
      }
    }

    void record(RequestRotation r, int i) {
      double seconds = (System.nanoTime() - r.startNanos(i)) / 1e9;
      requests.labelValues(r.methods[i], r.endpoints[i], r.statusLabels[i]).inc();
      latency.labelValues(r.methods[i], r.endpoints[i]).observe(seconds);
    }
  }

  /** What a team writes by hand with Micrometer: a Counter and a Timer, looked up through their builders per call. */
  @State(Scope.Benchmark)
  public static class Micrometer {
    public PrometheusMeterRegistry registry;

    @Setup(Level.Trial)
    public void setUp() {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      RequestRotation warm = new RequestRotation();
      for (int n = 0; n < RequestRotation.SIZE; n++) {
        record(warm, warm.next());
      }
    }

    void record(RequestRotation r, int i) {
      long nanos = System.nanoTime() - r.startNanos(i);
      Counter.builder("http.requests")
          .tags("method", r.methods[i], "endpoint", r.endpoints[i], "status", r.statusLabels[i])
          .register(registry)
          .increment();
      Timer.builder("api.latency")
          .tags("method", r.methods[i], "endpoint", r.endpoints[i])
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** The floor: a request count and a latency sum, two {@link LongAdder}s. */
  @State(Scope.Benchmark)
  public static class Floor {
    public final LongAdder count = new LongAdder();
    public final LongAdder nanos = new LongAdder();
  }

  @Benchmark
  public void recordRequestPybase(Pybase p, RequestRotation r) {
    int i = r.next();
    p.filter.record(p.requests[i], p.responses[i], r.startNanos(i));
  }

  @Benchmark
  public void recordRequestPybaseCore(Pybase p, RequestRotation r) {
    int i = r.next();
    p.http.requestFinished(r.methods[i], r.endpoints[i], r.statuses[i], System.nanoTime() - r.startNanos(i));
  }

  @Benchmark
  public void recordRequestClientJava(ClientJava c, RequestRotation r) {
    c.record(r, r.next());
  }

  /**
   * client_java's data points resolved in setup, indexed by the rotation: no label look-up, only the counter add and
   * the observation of a classic-only histogram (PyBase's default); what PyBase's own look-ups come on top of.
   */
  @Benchmark
  public void recordRequestClientJavaResolved(ClientJava c, RequestRotation r) {
    int i = r.next();
    double seconds = (System.nanoTime() - r.startNanos(i)) / 1e9;
    c.resolvedRequests[i].inc();
    c.resolvedLatencies[i].observe(seconds);
  }

  @Benchmark
  public void recordRequestMicrometer(Micrometer m, RequestRotation r) {
    m.record(r, r.next());
  }

  @Benchmark
  public void recordRequestFloorLongAdders(Floor f, RequestRotation r) {
    int i = r.next();
    f.count.increment();
    f.nanos.add(r.nanos[i]);
  }

  /** The clock read every request benchmark above includes (the floor does not). */
  @Benchmark
  public long recordRequestClockRead() {
    return System.nanoTime();
  }

  @Benchmark
  @Threads(2)
  public void recordRequestPybaseTwoThreads(Pybase p, RequestRotation r) {
    recordRequestPybase(p, r);
  }

  @Benchmark
  @Threads(2)
  public void recordRequestPybaseCoreTwoThreads(Pybase p, RequestRotation r) {
    recordRequestPybaseCore(p, r);
  }

  /** Like {@code recordRequestPybaseCoreTwoThreads}, but each thread records into its own registry. */
  @Benchmark
  @Threads(2)
  public void recordRequestPybaseCoreTwoThreadsUnshared(PybasePerThread p, RequestRotation r) {
    int i = r.next();
    p.http.requestFinished(r.methods[i], r.endpoints[i], r.statuses[i], System.nanoTime() - r.startNanos(i));
  }

  @Benchmark
  @Threads(2)
  public void recordRequestClientJavaTwoThreads(ClientJava c, RequestRotation r) {
    recordRequestClientJava(c, r);
  }

  @Benchmark
  @Threads(2)
  public void recordRequestMicrometerTwoThreads(Micrometer m, RequestRotation r) {
    recordRequestMicrometer(m, r);
  }

  @Benchmark
  @Threads(2)
  public void recordRequestFloorLongAddersTwoThreads(Floor f, RequestRotation r) {
    recordRequestFloorLongAdders(f, r);
  }
}
