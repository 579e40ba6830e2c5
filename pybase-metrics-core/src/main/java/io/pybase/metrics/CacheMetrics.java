package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import org.jspecify.annotations.Nullable;

/**
 * Cache outcomes: {@code cache_operations_total{operation,status}}.
 *
 * <pre>{@code
 * CacheMetrics cache = PyBaseMetrics.get().cache();
 * Record r = local.get(key);
 * cache.record("get", r != null ? CacheStatus.HIT : CacheStatus.MISS);
 * }</pre>
 *
 * <p>Or annotate a cache interface with {@link io.pybase.metrics.instrument.CacheOperation} and wrap it with
 * {@link io.pybase.metrics.instrument.InstrumentedProxy#wrap}. The first use of an operation starts all four statuses
 * at zero, so {@code rate()} sees the first hit, miss or error. Operations ({@code null}: {@code unknown}) pass the
 * catalogue's cap. Never throws.
 */
public final class CacheMetrics {

  private static final CacheStatus[] STATUSES = CacheStatus.values();

  private final boolean enabled;
  private final Counter operations;
  private final LabelValues<CounterDataPoint[]> byOperation;
  private final RecordingErrors errors;

  CacheMetrics(boolean enabled, Counter operations, int cap, CounterDataPoint overflowCount, RecordingErrors errors) {
    this.enabled = enabled;
    this.operations = operations;
    this.byOperation = new LabelValues<>(cap, overflowCount, this::resolve);
    this.errors = errors;
  }

  /** One {@code operation} ended with {@code status} ({@code null}: {@link CacheStatus#ERROR}). */
  @SuppressWarnings("EnumOrdinal") // an index into the array resolve() fills, in this process only: never stored
  public void record(@Nullable String operation, @Nullable CacheStatus status) {
    if (!enabled) {
      return;
    }
    try {
      byOperation.get(operation)[(status == null ? CacheStatus.ERROR : status).ordinal()].inc();
    } catch (Throwable t) {
      errors.record(t);
    }
  }

  @SuppressWarnings("EnumOrdinal") // the array record() indexes, in this process only: never stored
  private CounterDataPoint[] resolve(String operation) {
    CounterDataPoint[] points = new CounterDataPoint[STATUSES.length];
    for (CacheStatus s : STATUSES) {
      points[s.ordinal()] = operations.labelValues(operation, s.label());
    }
    return points;
  }
}
