package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every recorder does with a fault inside recording: count it in {@code pybase_metrics_recording_errors_total},
 * log the first one (WARNING, with its stack trace) and later ones at FINE, and return normally, so the instrumented
 * request or task never sees it. Only an error that means the VM itself is failing ({@link #isFatal}) is rethrown.
 *
 * <pre>{@code
 * try {
 *   point.inc();
 * } catch (Throwable t) {
 *   errors.record(t);
 * }
 * }</pre>
 */
final class RecordingErrors {

  private static final Logger LOG = Logger.getLogger(PyBaseMetrics.class.getName());

  private final CounterDataPoint count;
  private final AtomicBoolean logged = new AtomicBoolean();

  RecordingErrors(CounterDataPoint count) {
    this.count = count;
  }

  /** Counts {@code fault}; rethrows it only when {@link #isFatal}. */
  void record(Throwable fault) {
    if (isFatal(fault)) {
      throw (VirtualMachineError) fault;
    }
    try {
      count.inc();
      if (logged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "PyBase metrics: recording failed; the instrumented call was not affected. "
            + "Counted in pybase_metrics_recording_errors_total; later faults are logged at FINE.", fault);
      } else {
        LOG.log(Level.FINE, "PyBase metrics: recording failed", fault);
      }
    } catch (Throwable broken) {
      if (isFatal(broken)) {
        throw (VirtualMachineError) broken;
      }
      // nothing left to report to; the instrumented call is unaffected either way
    }
  }

  /**
   * Whether {@code fault} means the VM can no longer run reliably ({@link OutOfMemoryError},
   * {@link InternalError}, ...). A {@link StackOverflowError} is not fatal: the caller's stack unwinds.
   */
  static boolean isFatal(Throwable fault) {
    return fault instanceof VirtualMachineError && !(fault instanceof StackOverflowError);
  }
}
