package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

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
 * <p>Label values are bounded: the method becomes one of the nine standard methods or {@code _OTHER}; the endpoint
 * ({@code null}: {@value #UNMATCHED}) passes the catalogue's cap ({@code PROMETHEUS_MAX_LABEL_VALUES}), past which new
 * values fold into {@code __overflow__}; a status outside 100..599 becomes {@code unknown}. Data points are resolved
 * once per (endpoint, method, status), so a label set seen before costs one map lookup, two array reads and two adds,
 * with no allocation. The first request of an (endpoint, method), or {@link #initRoute}, creates its
 * {@code status="500"} series at zero so error-rate rules see the first error. Never throws.
 */
public final class HttpMetrics {

  /** The endpoint recorded when the caller has none. */
  public static final String UNMATCHED = "unmatched";

  private final boolean enabled;
  private final Counter requests;
  private final Histogram latency;
  private final LongAdder inFlight;
  private final LabelValues<EndpointSlot> endpoints;
  private final RecordingErrors errors;

  HttpMetrics(boolean enabled, Counter requests, Histogram latency, LongAdder inFlight, int cap,
      CounterDataPoint overflowCount, RecordingErrors errors) {
    this.enabled = enabled;
    this.requests = requests;
    this.latency = latency;
    this.inFlight = inFlight;
    this.endpoints = new LabelValues<>(cap, overflowCount, EndpointSlot::new);
    this.errors = errors;
  }

  /**
   * Records one finished request.
   *
   * @param method the request method as received ({@code null}, when the request cannot tell, records {@code _OTHER})
   * @param endpoint the route template ({@code null} records {@value #UNMATCHED})
   * @param status the status code the client received
   * @param durationNanos time from the start of the request to its end, in nanoseconds
   */
  public void requestFinished(@Nullable String method, @Nullable String endpoint, int status, long durationNanos) {
    if (!enabled) {
      return;
    }
    try {
      endpoints.get(endpoint == null ? UNMATCHED : endpoint)
          .record(HttpMethods.indexOf(method), StatusCodes.indexOf(status), durationNanos);
    } catch (Throwable t) {
      errors.record(t);
    }
  }

  /**
   * Creates the series of a route known at start-up at zero — its latency histogram and its {@code status="500"}
   * counter — so that {@code rate()} and {@code increase()} see its first request and its first error. Frameworks
   * call it for every route they know; calling it again is harmless. Never throws.
   *
   * <pre>{@code
   * http.initRoute("GET", "/api/v1/tables/{tableId}/records/{recordId}");
   * }</pre>
   */
  public void initRoute(String method, @Nullable String endpoint) {
    if (!enabled) {
      return;
    }
    try {
      endpoints.get(endpoint == null ? UNMATCHED : endpoint).methodSlot(HttpMethods.indexOf(method));
    } catch (Throwable t) {
      errors.record(t);
    }
  }

  /**
   * Counts, in {@code pybase_metrics_recording_errors_total}, a fault around recording that the caller caught — for
   * example while resolving the endpoint of a request. Never throws, short of a fatal VM error.
   */
  public void recordingFailed(Throwable fault) {
    if (enabled) {
      errors.record(fault);
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

  /** The data points of one endpoint, by method index. */
  private final class EndpointSlot {
    private final String endpoint;
    private final AtomicReferenceArray<MethodSlot> byMethod = new AtomicReferenceArray<>(HttpMethods.COUNT);

    EndpointSlot(String endpoint) {
      this.endpoint = endpoint;
    }

    void record(int methodIndex, int statusIndex, long durationNanos) {
      MethodSlot m = methodSlot(methodIndex);
      m.counterFor(statusIndex).inc();
      m.latency.observe(durationNanos / 1e9);
    }

    MethodSlot methodSlot(int methodIndex) {
      MethodSlot m = byMethod.get(methodIndex);
      return m != null ? m : newMethodSlot(methodIndex);
    }

    private synchronized MethodSlot newMethodSlot(int methodIndex) {
      MethodSlot m = byMethod.get(methodIndex);
      if (m == null) {
        String method = HttpMethods.valueAt(methodIndex);
        m = new MethodSlot(method, endpoint, latency.labelValues(method, endpoint));
        m.counterFor(StatusCodes.indexOf(500));
        byMethod.set(methodIndex, m);
      }
      return m;
    }
  }

  /**
   * The latency data point of one (endpoint, method) and its counters by status index. The status table is created
   * on first use and has one slot per possible status value, so it never grows past {@link StatusCodes#COUNT}.
   */
  private final class MethodSlot {
    private final String method;
    private final String endpoint;
    final DistributionDataPoint latency;
    private final AtomicReferenceArray<CounterDataPoint> byStatus = new AtomicReferenceArray<>(StatusCodes.COUNT);

    MethodSlot(String method, String endpoint, DistributionDataPoint latency) {
      this.method = method;
      this.endpoint = endpoint;
      this.latency = latency;
    }

    CounterDataPoint counterFor(int statusIndex) {
      CounterDataPoint point = byStatus.get(statusIndex);
      return point != null ? point : add(statusIndex);
    }

    private synchronized CounterDataPoint add(int statusIndex) {
      CounterDataPoint point = byStatus.get(statusIndex);
      if (point == null) {
        point = requests.labelValues(method, endpoint, StatusCodes.label(statusIndex));
        byStatus.set(statusIndex, point);
      }
      return point;
    }
  }
}
