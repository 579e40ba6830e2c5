package io.pybase.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every scrape-time read of the library does when it fails — a gauge callback, a supplier a user handed over, a
 * JVM metric group: its series are left out of that scrape, the failure is counted in
 * {@code pybase_metrics_collect_errors_total{metric}} and logged once (later ones at FINE), and every other series is
 * served. A scrape never fails because one read did.
 *
 * <pre>{@code
 * GaugeWithCallback.builder().name("db_pool_connections_max").callback(errors.guard("db_pool_connections_max", cb -> ...));
 * }</pre>
 */
final class CollectErrors {

  private static final Logger LOG = Logger.getLogger(PyBaseMetrics.class.getName());

  private final Counter count;
  private final AtomicBoolean logged = new AtomicBoolean();

  CollectErrors(Counter count) {
    this.count = count;
  }

  /** {@code callback}, with its failures contained and counted under {@code metric}. */
  Consumer<GaugeWithCallback.Callback> guard(String metric, Consumer<GaugeWithCallback.Callback> callback) {
    return cb -> {
      try {
        callback.accept(cb);
      } catch (Throwable t) {
        failed(metric, t);
      }
    };
  }

  /** Counts one failed read of {@code metric}; rethrows only a fatal VM error. */
  void failed(String metric, Throwable fault) {
    if (RecordingErrors.isFatal(fault)) {
      throw (VirtualMachineError) fault;
    }
    try {
      count.labelValues(metric).inc();
      if (logged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "PyBase metrics: reading " + metric + " failed at scrape time; its series were left "
            + "out and the rest was served. Counted in pybase_metrics_collect_errors_total; later failures are "
            + "logged at FINE.", fault);
      } else {
        LOG.log(Level.FINE, "PyBase metrics: reading " + metric + " failed", fault);
      }
    } catch (Throwable broken) {
      if (RecordingErrors.isFatal(broken)) {
        throw (VirtualMachineError) broken;
      }
      // a scrape never fails because of this
    }
  }
}
