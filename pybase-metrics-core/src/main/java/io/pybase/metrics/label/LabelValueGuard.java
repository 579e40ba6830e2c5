package io.pybase.metrics.label;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values of one label of one metric. The first {@code cap} distinct values pass through; later
 * ones fold into {@link #OVERFLOW}, so totals stay right while the series count stays bounded. Every folded
 * observation increments {@code pybase_metrics_label_overflow_total{metric,label}}.
 *
 * <pre>{@code
 * String endpoint = guard.admit(untrustedValue);   // the value, or "__overflow__"
 * }</pre>
 *
 * <p>Values seen before cost one lock-free set lookup; a full guard rejects new values without locking.
 */
public final class LabelValueGuard {

  /** The value every folded label value becomes. */
  public static final String OVERFLOW = "__overflow__";

  private final int cap;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();
  private final CounterDataPoint overflowCount;
  private volatile boolean full;

  /**
   * @param cap distinct values allowed before folding
   * @param overflowCount the overflow counter's data point for this metric and label
   */
  public LabelValueGuard(int cap, CounterDataPoint overflowCount) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1, got " + cap);
    }
    this.cap = cap;
    this.overflowCount = overflowCount;
  }

  /** {@code value} when admitted (now or before), otherwise {@link #OVERFLOW}, counting the fold. */
  public String admit(String value) {
    if (admitted.contains(value)) {
      return value;
    }
    if (!full) {
      synchronized (this) {
        if (admitted.contains(value)) {
          return value;
        }
        if (admitted.size() < cap) {
          admitted.add(value);
          return value;
        }
        full = true;
      }
    }
    overflowCount.inc();
    return OVERFLOW;
  }

  /** Distinct values admitted so far. */
  public int size() {
    return admitted.size();
  }

  public int cap() {
    return cap;
  }
}
