package io.pybase.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * The worker gauges: {@code celery_queue_length{worker_name}} (read at scrape time from a registered reader),
 * {@code celery_active_workers{worker_name}} and {@code celery_worker_pool_size{worker_name}}.
 *
 * <pre>{@code
 * WorkerMetrics workers = PyBaseMetrics.get().workers();
 * workers.queueLength("extraction", () -> queue.size());
 * workers.poolSize("extraction", 4);
 * workers.taskStarted("extraction");
 * // ... run the task ...
 * workers.taskEnded("extraction");
 * }</pre>
 *
 * <p>A reader that throws is counted in {@code celery_queue_length_read_errors_total{worker_name}} and its series
 * is left out of that scrape; a reader that returns {@code NaN} is left out silently. The worker module wraps
 * readers with a time bound so a slow broker cannot stall a scrape. Worker names come from configuration, never from
 * input. Never throws.
 */
public final class WorkerMetrics {

  private final boolean enabled;
  private final Gauge poolSize;
  private final Counter readErrors;
  private final Map<String, DoubleSupplier> queueReaders = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> activeByWorker = new ConcurrentHashMap<>();

  WorkerMetrics(boolean enabled, Gauge poolSize, Counter readErrors) {
    this.enabled = enabled;
    this.poolSize = poolSize;
    this.readErrors = readErrors;
  }

  /** The callback of {@code celery_queue_length}: reads every registered queue; one failing reader skips one series. */
  void collectQueueLengths(GaugeWithCallback.Callback callback) {
    for (Map.Entry<String, DoubleSupplier> e : queueReaders.entrySet()) {
      double value;
      try {
        value = e.getValue().getAsDouble();
      } catch (Throwable t) {
        if (RecordingErrors.isFatal(t)) {
          throw (VirtualMachineError) t;
        }
        queueReadFailed(e.getKey());
        continue;
      }
      if (!Double.isNaN(value)) {
        callback.call(value, e.getKey());
      }
    }
  }

  /** The callback of {@code celery_active_workers}. */
  void collectActive(GaugeWithCallback.Callback callback) {
    for (Map.Entry<String, LongAdder> e : activeByWorker.entrySet()) {
      callback.call((double) e.getValue().sum(), e.getKey());
    }
  }

  /** Registers (or replaces) the reader of {@code workerName}'s queue length, asked at every scrape. */
  public void queueLength(String workerName, DoubleSupplier reader) {
    if (enabled) {
      queueReaders.put(workerName, reader);
      readErrors.initLabelValues(workerName);
    }
  }

  /** Removes {@code workerName}'s queue reader, when the worker stops. */
  public void removeQueueLength(String workerName) {
    queueReaders.remove(workerName);
  }

  /**
   * Counts one failed or timed-out read of {@code workerName}'s queue length in
   * {@code celery_queue_length_read_errors_total}: for readers that give up on their own (a time bound).
   */
  public void queueReadFailed(String workerName) {
    if (!enabled) {
      return;
    }
    try {
      readErrors.labelValues(workerName).inc();
    } catch (Throwable e) {
      if (RecordingErrors.isFatal(e)) {
        throw (VirtualMachineError) e;
      }
      // a metrics fault never fails a scrape
    }
  }

  /**
   * Creates {@code workerName}'s active-task and read-error series at zero, so dashboards show 0 before the first
   * task rather than no data. Idempotent.
   */
  public void initWorker(String workerName) {
    if (enabled) {
      activeFor(workerName);
      readErrors.initLabelValues(workerName);
    }
  }

  /** Sets {@code workerName}'s pool capacity: the number of tasks it can execute at once. */
  public void poolSize(String workerName, int size) {
    if (enabled) {
      poolSize.labelValues(workerName).set(size);
    }
  }

  /** A task started executing in {@code workerName}. */
  public void taskStarted(String workerName) {
    if (enabled) {
      activeFor(workerName).increment();
    }
  }

  /** A task started with {@link #taskStarted(String)} ended, whatever its outcome. */
  public void taskEnded(String workerName) {
    if (enabled) {
      activeFor(workerName).decrement();
    }
  }

  private LongAdder activeFor(String workerName) {
    LongAdder active = activeByWorker.get(workerName);
    return active != null ? active : activeByWorker.computeIfAbsent(workerName, name -> new LongAdder());
  }
}
