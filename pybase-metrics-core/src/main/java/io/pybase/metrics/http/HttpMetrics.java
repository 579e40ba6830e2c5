package io.pybase.metrics.http;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.pybase.metrics.label.HttpMethods;
import io.pybase.metrics.label.LabelValueGuard;
import io.pybase.metrics.label.StatusCodes;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records finished HTTP requests into {@code http_requests_total{method,endpoint,status}} and
 * {@code api_latency_histogram{method,endpoint}}, and the {@code http_requests_in_flight} gauge.
 *
 * <pre>{@code
 * HttpMetrics http = PyBaseMetrics.get().http();
 * long start = System.nanoTime();
 * // ... serve the request ...
 * http.requestFinished("GET", "/api/v1/tables/{tableId}", 200, System.nanoTime() - start);
 * }</pre>
 *
 * <p>The method is normalised ({@link HttpMethods}), the endpoint passes a {@link LabelValueGuard}, and a status
 * outside 100..599 becomes {@code unknown}. Data points are resolved once per (endpoint, method, status) and kept in
 * per-endpoint slots, so a label set seen before costs one map lookup, an array read and two adds, with no
 * allocation. The first request of an (endpoint, method) also creates its {@code status="500"} series at zero so
 * error-rate rules see the first error. Never throws.
 */
public final class HttpMetrics {

  /** The endpoint recorded when the caller has none. */
  public static final String UNMATCHED = "unmatched";

  private final boolean enabled;
  private final Counter requests;
  private final Histogram latency;
  private final LongAdder inFlight;
  private final LabelValueGuard endpoints;
  private final CounterDataPoint recordingErrors;
  private final ConcurrentHashMap<String, EndpointSlot> slots = new ConcurrentHashMap<>();

  /**
   * Used by {@code PyBaseMetrics}; applications get theirs from {@code PyBaseMetrics.http()}. {@code inFlight} is
   * read at scrape time by the {@code http_requests_in_flight} gauge: a {@code LongAdder}, so concurrent requests
   * do not contend on one cache line.
   */
  public HttpMetrics(boolean enabled, Counter requests, Histogram latency, LongAdder inFlight,
      LabelValueGuard endpoints, CounterDataPoint recordingErrors) {
    this.enabled = enabled;
    this.requests = requests;
    this.latency = latency;
    this.inFlight = inFlight;
    this.endpoints = endpoints;
    this.recordingErrors = recordingErrors;
  }

  /**
   * Records one finished request.
   *
   * @param method the request method as received
   * @param endpoint the route template ({@code null} records {@link #UNMATCHED})
   * @param status the status code the client received
   * @param durationNanos time from the start of the request to its end
   */
  public void requestFinished(String method, String endpoint, int status, long durationNanos) {
    if (!enabled) {
      return;
    }
    try {
      EndpointSlot slot = slots.get(endpoint == null ? UNMATCHED : endpoint);
      if (slot == null) {
        slot = slotFor(endpoint == null ? UNMATCHED : endpoint);
      }
      slot.record(HttpMethods.indexOf(method), status, durationNanos);
    } catch (RuntimeException e) {
      recordingFailed();
    }
  }

  /**
   * Counts, in {@code pybase_metrics_recording_errors_total}, a fault around recording that the caller caught — for
   * example while resolving the endpoint of a request. Never throws.
   */
  public void recordingFailed() {
    if (!enabled) {
      return;
    }
    try {
      recordingErrors.inc();
    } catch (RuntimeException e) {
      // nothing left to report to; the request is unaffected either way
    }
  }

  /** Marks a request as started, for {@code http_requests_in_flight}; pair with {@link #inFlightEnded()}. */
  public void inFlightStarted() {
    if (enabled) {
      inFlight.increment();
    }
  }

  /** Marks a request started with {@link #inFlightStarted()} as ended. */
  public void inFlightEnded() {
    if (enabled) {
      inFlight.decrement();
    }
  }

  /** Whether recording is on ({@code PROMETHEUS_ENABLED}). */
  public boolean enabled() {
    return enabled;
  }

  private EndpointSlot slotFor(String endpoint) {
    String admitted = endpoints.admit(endpoint);
    return slots.computeIfAbsent(admitted, EndpointSlot::new);
  }

  /** The data points of one endpoint, by method and status. */
  private final class EndpointSlot {
    private final String endpoint;
    private final AtomicReferenceArray<MethodSlot> byMethod = new AtomicReferenceArray<>(HttpMethods.COUNT);

    EndpointSlot(String endpoint) {
      this.endpoint = endpoint;
    }

    void record(int methodIndex, int status, long durationNanos) {
      MethodSlot m = byMethod.get(methodIndex);
      if (m == null) {
        m = newMethodSlot(methodIndex);
      }
      m.counterFor(status).inc();
      m.latency.observe(durationNanos / 1e9);
    }

    private synchronized MethodSlot newMethodSlot(int methodIndex) {
      MethodSlot m = byMethod.get(methodIndex);
      if (m == null) {
        String method = HttpMethods.valueAt(methodIndex);
        m = new MethodSlot(method, endpoint, latency.labelValues(method, endpoint));
        m.counterFor(500);
        byMethod.set(methodIndex, m);
      }
      return m;
    }
  }

  /** The latency data point of one (endpoint, method) and its counters by status, copy-on-write. */
  private final class MethodSlot {
    private final String method;
    private final String endpoint;
    final DistributionDataPoint latency;
    private volatile StatusTable statuses = StatusTable.EMPTY;

    MethodSlot(String method, String endpoint, DistributionDataPoint latency) {
      this.method = method;
      this.endpoint = endpoint;
      this.latency = latency;
    }

    CounterDataPoint counterFor(int status) {
      StatusTable t = statuses;
      int[] codes = t.codes;
      for (int i = 0; i < codes.length; i++) {
        if (codes[i] == status) {
          return t.points[i];
        }
      }
      return add(status);
    }

    private synchronized CounterDataPoint add(int status) {
      StatusTable t = statuses;
      for (int i = 0; i < t.codes.length; i++) {
        if (t.codes[i] == status) {
          return t.points[i];
        }
      }
      CounterDataPoint point = requests.labelValues(method, endpoint, StatusCodes.label(status));
      statuses = t.with(status, point);
      return point;
    }
  }

  /** An immutable status-code to data-point table. */
  private static final class StatusTable {
    static final StatusTable EMPTY = new StatusTable(new int[0], new CounterDataPoint[0]);
    final int[] codes;
    final CounterDataPoint[] points;

    StatusTable(int[] codes, CounterDataPoint[] points) {
      this.codes = codes;
      this.points = points;
    }

    StatusTable with(int status, CounterDataPoint point) {
      int n = codes.length;
      int[] c = Arrays.copyOf(codes, n + 1);
      CounterDataPoint[] p = Arrays.copyOf(points, n + 1);
      c[n] = status;
      p[n] = point;
      return new StatusTable(c, p);
    }
  }
}
