package io.pybase.metrics.cache;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.pybase.metrics.label.LabelValueGuard;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cache outcomes: {@code cache_operations_total{operation,status}}.
 *
 * <pre>{@code
 * CacheMetrics cache = PyBaseMetrics.get().cache();
 * Record r = local.get(key);
 * if (r != null) cache.record("get", CacheStatus.HIT); else cache.record("get", CacheStatus.MISS);
 * }</pre>
 *
 * <p>Or annotate a cache interface with {@link CacheOperation} and wrap it with {@code MeteredProxy.wrap}. The first
 * use of an operation starts all four statuses at zero, so {@code rate()} sees the first hit, miss or error.
 * Operations pass a {@link LabelValueGuard}. Never throws.
 */
public final class CacheMetrics {

  private final boolean enabled;
  private final Counter operations;
  private final LabelValueGuard names;
  private final CounterDataPoint recordingErrors;
  private final ConcurrentHashMap<String, Map<CacheStatus, CounterDataPoint>> byOperation = new ConcurrentHashMap<>();

  /** Used by {@code PyBaseMetrics}. */
  public CacheMetrics(boolean enabled, Counter operations, LabelValueGuard names, CounterDataPoint recordingErrors) {
    this.enabled = enabled;
    this.operations = operations;
    this.names = names;
    this.recordingErrors = recordingErrors;
  }

  /** One {@code operation} ended with {@code status}. */
  public void record(String operation, CacheStatus status) {
    if (!enabled) {
      return;
    }
    try {
      Map<CacheStatus, CounterDataPoint> points = byOperation.get(operation);
      if (points == null) {
        points = byOperation.computeIfAbsent(names.admit(operation == null ? "unknown" : operation), this::resolve);
      }
      points.get(status).inc();
    } catch (RuntimeException e) {
      recordingErrors.inc();
    }
  }

  private Map<CacheStatus, CounterDataPoint> resolve(String operation) {
    Map<CacheStatus, CounterDataPoint> points = new EnumMap<>(CacheStatus.class);
    for (CacheStatus s : CacheStatus.values()) {
      points.put(s, operations.labelValues(operation, s.label()));
    }
    return points;
  }
}
