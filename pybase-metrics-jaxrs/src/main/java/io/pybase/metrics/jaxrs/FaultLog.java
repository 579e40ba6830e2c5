package io.pybase.metrics.jaxrs;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logs a fault of the providers: the first at WARNING, later ones at FINE. The request is never affected. */
final class FaultLog {

  private static final Logger LOG = Logger.getLogger("io.pybase.metrics.jaxrs");
  private static final AtomicBoolean LOGGED = new AtomicBoolean();

  private FaultLog() {}

  static void fault(String doing, Throwable e) {
    if (LOGGED.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "PyBase metrics: fault while " + doing + "; the request was served unchanged. "
          + "Later faults are logged at FINE.", e);
    } else {
      LOG.log(Level.FINE, "PyBase metrics: fault while " + doing, e);
    }
  }
}
