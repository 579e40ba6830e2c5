package io.pybase.metrics.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.HttpMetrics;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording a request whose status is outside 100..599, when callers of the library API pass many
 * distinct such numbers (a proxy relaying garbage, a fuzzer): {@code HttpMetrics.requestFinished} with
 * {@code distinctStatuses} different out-of-range codes in turn, each seen before. They all fold into the one
 * {@code status="unknown"} series, so the cost must not grow with their number (it once grew to about 9 µs at 60,000
 * codes, one table entry per code).
 *
 * <pre>{@code
 * benchmarks/run.sh 'StatusCodeBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class StatusCodeBenchmark {

  /** A default catalogue, and the out-of-range codes it is fed, each recorded once in setup. */
  @State(Scope.Benchmark)
  public static class Statuses {
    @Param({"1", "1000", "60000"})
    public int distinctStatuses;

    public PrometheusRegistry registry;
    public HttpMetrics http;
    public int[] codes;

    @Setup(Level.Trial)
    public void setUp() {
      registry = new PrometheusRegistry();
      http = PyBaseMetrics.register(registry, PyBaseMetricsConfig.builder().jvmMetrics(false).build()).http();
      codes = new int[distinctStatuses];
      for (int i = 0; i < distinctStatuses; i++) {
        codes[i] = 600 + i; // every one outside 100..599
        http.requestFinished("GET", "/api/v1/items/{id}", codes[i], 1_000_000L);
      }
    }
  }

  /** Each thread's position in the codes. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** One request recorded with the next of the distinct codes. */
  @Benchmark
  public void recordOutOfRangeStatus(Statuses s, Cursor c) {
    int i = c.next;
    c.next = i + 1 == s.codes.length ? 0 : i + 1;
    s.http.requestFinished("GET", "/api/v1/items/{id}", s.codes[i], 1_000_000L);
  }
}
