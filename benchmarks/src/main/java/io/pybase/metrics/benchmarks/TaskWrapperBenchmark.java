package io.pybase.metrics.benchmarks;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.config.PyBaseMetricsConfig;
import io.pybase.metrics.TaskRecorder;
import io.pybase.metrics.worker.InstrumentedTasks;
import io.pybase.metrics.worker.TaskHandler;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the worker's task wrapper adds to one task execution: the same trivial task run bare, through
 * {@code InstrumentedTasks.runnable(name, task)} and through a wrapped {@code TaskHandler} (two clock reads, the
 * {@code celery_active_workers} gauge up and down, {@code celery_task_total} and
 * {@code celery_task_duration_seconds}), and the core recording call alone ({@code TaskRecorder.succeeded}).
 *
 * <pre>{@code
 * benchmarks/run.sh 'TaskWrapperBenchmark' -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TaskWrapperBenchmark {

  /** A task that does next to nothing, so the wrapper's cost shows. */
  @State(Scope.Thread)
  public static class Work implements Runnable, TaskHandler<Long, Long> {
    public long done;

    @Override
    public void run() {
      done++;
    }

    @Override
    public Long handle(Long input) {
      done++;
      return input;
    }
  }

  /** The wrappers, on their own registry with the default configuration. */
  @State(Scope.Benchmark)
  public static class Wrapped {
    public PrometheusRegistry registry;
    public Runnable runnable;
    public TaskHandler<Long, Long> handler;
    public TaskRecorder recorder;
    public final Long input = 42L;

    @Setup(Level.Trial)
    public void setUp() {
      registry = new PrometheusRegistry();
      PyBaseMetrics metrics = PyBaseMetrics.register(registry,
          PyBaseMetricsConfig.builder().jvmMetrics(false).build());
      Work work = new Work();
      runnable = InstrumentedTasks.builder("bench_runnable").metrics(metrics).workerName("bench").runnable(work);
      handler = InstrumentedTasks.builder("bench_handler").metrics(metrics).workerName("bench").wrap(work);
      recorder = metrics.tasks().task("bench_recorder");
    }
  }

  @Benchmark
  public void taskBare(Work w) {
    w.run();
  }

  @Benchmark
  public void taskWrappedRunnable(Wrapped s) {
    s.runnable.run();
  }

  @Benchmark
  public Long taskWrappedHandler(Wrapped s) throws Exception {
    return s.handler.handle(s.input);
  }

  @Benchmark
  public void taskRecorderSucceeded(Wrapped s) {
    s.recorder.succeeded(1_500_000L);
  }

  @Benchmark
  @Threads(2)
  public void taskWrappedRunnableTwoThreads(Wrapped s) {
    s.runnable.run();
  }
}
