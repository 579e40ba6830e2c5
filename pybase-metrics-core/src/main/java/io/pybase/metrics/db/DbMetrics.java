package io.pybase.metrics.db;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.pybase.metrics.label.LabelValueGuard;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>Most code does not call this directly: annotate a repository interface with {@link QueryType} and wrap it with
 * {@code MeteredProxy.wrap}. Query types pass a {@link LabelValueGuard}. Never throws.
 */
public final class DbMetrics {

  private final boolean enabled;
  private final Histogram durations;
  private final Counter errors;
  private final LabelValueGuard queryTypes;
  private final CounterDataPoint recordingErrors;
  private final ConcurrentHashMap<String, Query> queries = new ConcurrentHashMap<>();

  /** Used by {@code PyBaseMetrics}. */
  public DbMetrics(boolean enabled, Histogram durations, Counter errors, LabelValueGuard queryTypes,
      CounterDataPoint recordingErrors) {
    this.enabled = enabled;
    this.durations = durations;
    this.errors = errors;
    this.queryTypes = queryTypes;
    this.recordingErrors = recordingErrors;
  }

  /** A query of {@code queryType} ran to completion in {@code durationNanos}. */
  public void queryFinished(String queryType, long durationNanos) {
    record(queryType, durationNanos, false);
  }

  /** A query of {@code queryType} threw after {@code durationNanos}: observed and counted as an error. */
  public void queryFailed(String queryType, long durationNanos) {
    record(queryType, durationNanos, true);
  }

  private void record(String queryType, long durationNanos, boolean failed) {
    if (!enabled) {
      return;
    }
    try {
      Query q = queries.get(queryType);
      if (q == null) {
        q = queries.computeIfAbsent(queryTypes.admit(queryType == null ? "unknown" : queryType), Query::new);
      }
      q.duration.observe(durationNanos / 1e9);
      if (failed) {
        q.errors.inc();
      }
    } catch (RuntimeException e) {
      recordingErrors.inc();
    }
  }

  private final class Query {
    final DistributionDataPoint duration;
    final CounterDataPoint errors;

    Query(String queryType) {
      this.duration = durations.labelValues(queryType);
      this.errors = DbMetrics.this.errors.labelValues(queryType);
    }
  }
}
