package io.pybase.metrics.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PyBaseMetricsFilter} records with, fixed when it starts: the recorder, the endpoint resolver, the
 * exclusions, and the {@link RequestCompletion} listener of its context when there is one. Every recording step goes
 * through here and none of them throws: a fault is counted, logged once, and the request is served unchanged.
 */
final class FilterBinding {

  private static final Logger LOG = Logger.getLogger(PyBaseMetricsFilter.class.getName());

  final RequestRecorder recorder;
  final EndpointResolver resolver;
  final ExcludedRequests excluded;
  /** The listener that completes thrown requests and counts refused ones, or {@code null}. */
  final @Nullable RequestCompletion completion;
  /** Whether the filter sees every request of its context (mapped to {@code /*}), so unseen ones were refused. */
  final boolean seesEveryRequest;
  private final AtomicBoolean faultLogged = new AtomicBoolean();

  FilterBinding(RequestRecorder recorder, EndpointResolver resolver, ExcludedRequests excluded,
      @Nullable RequestCompletion completion, boolean seesEveryRequest) {
    this.recorder = recorder;
    this.resolver = resolver;
    this.excluded = excluded;
    this.completion = completion;
    this.seesEveryRequest = seesEveryRequest;
  }

  /** In-flight gauge up; {@code false} when that failed (then it is not taken down either). */
  boolean started() {
    try {
      recorder.started();
      return true;
    } catch (Throwable e) {
      fault(e);
      return false;
    }
  }

  /** Records one request that ended with {@code status}, and takes the in-flight gauge down. Never throws. */
  void finish(HttpServletRequest request, int status, long startNanos, boolean inFlight) {
    try {
      if (inFlight) {
        recorder.ended();
      }
    } catch (Throwable e) {
      fault(e);
    }
    record(request, status, startNanos);
  }

  /** Records one request that ended with {@code status}, without touching the in-flight gauge. Never throws. */
  void record(HttpServletRequest request, int status, long startNanos) {
    try {
      long elapsed = System.nanoTime() - startNanos;
      String endpoint;
      try {
        endpoint = resolver.resolve(request, status);
      } catch (Throwable e) {
        fault(e);
        endpoint = EndpointResolver.noRoute(status);
      }
      @Nullable String method;
      try {
        method = request.getMethod();
      } catch (Throwable e) {
        fault(e);
        method = null;
      }
      recorder.finished(method, endpoint, status, elapsed);
    } catch (Throwable e) {
      fault(e);
    }
  }

  /** Counts and logs a fault around recording; rethrows only an error that means the VM itself is failing. */
  void fault(Throwable e) {
    FatalErrors.rethrowIfFatal(e);
    try {
      recorder.failed(e);
    } catch (Throwable ignored) {
      // the recorder itself is broken; the request is unaffected either way
    }
    try {
      if (faultLogged.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "HTTP metrics recording failed; the request was served unchanged. "
            + "Later failures are logged at FINE.", e);
      } else {
        LOG.log(Level.FINE, "HTTP metrics recording failed", e);
      }
    } catch (Throwable ignored) {
      // logging is broken too; nothing left to report to
    }
  }
}
