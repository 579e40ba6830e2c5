package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Database query timing: {@code db_query_duration_seconds{query_type}} and {@code db_query_errors_total{query_type}}.
 *
 * <pre>{@code
 * DbMetrics db = PyBaseMetrics.get().db();
 * long start = System.nanoTime();
 * try (ResultSet rs = statement.executeQuery()) {
 *   db.queryFinished("select", System.nanoTime() - start);
 * }
 * }</pre>
 *
 * <p>Most code does not call this directly: annotate a repository interface with
 * {@link io.pybase.metrics.instrument.QueryType} and wrap it with
 * {@link io.pybase.metrics.instrument.InstrumentedProxy#wrap}. Query types ({@code null}: {@code unknown}) pass the
 * catalogue's cap. Durations are in nanoseconds and exported in seconds. Never throws.
 */
public final class DbMetrics {

  private final boolean enabled;
  private final Histogram durations;
  private final Counter errorCounts;
  private final LabelValues<Query> queries;
  private final RecordingErrors errors;

  DbMetrics(boolean enabled, Histogram durations, Counter errorCounts, int cap, CounterDataPoint overflowCount,
      RecordingErrors errors) {
    this.enabled = enabled;
    this.durations = durations;
    this.errorCounts = errorCounts;
    this.queries = new LabelValues<>(cap, overflowCount, Query::new);
    this.errors = errors;
  }

  /** A query of {@code queryType} ran to completion in {@code durationNanos}. */
  public void queryFinished(@Nullable String queryType, long durationNanos) {
    record(queryType, durationNanos, false);
  }

  /** A query of {@code queryType} threw after {@code durationNanos}: observed and counted as an error. */
  public void queryFailed(@Nullable String queryType, long durationNanos) {
    record(queryType, durationNanos, true);
  }

  private void record(@Nullable String queryType, long durationNanos, boolean failed) {
    if (!enabled) {
      return;
    }
    try {
      Query q = queries.get(queryType);
      q.duration.observe(durationNanos / 1e9);
      if (failed) {
        q.errors.inc();
      }
    } catch (Throwable t) {
      errors.record(t);
    }
  }

  private final class Query {
    final DistributionDataPoint duration;
    final CounterDataPoint errors;

    Query(String queryType) {
      this.duration = durations.labelValues(queryType);
      this.errors = errorCounts.labelValues(queryType);
    }
  }
}
