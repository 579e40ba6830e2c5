package io.pybase.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one label-value cache of the catalogue: resolves a label value to whatever a recorder keeps for it (its data
 * points), creating it once. Every recorder whose label untrusted input can reach uses it, so they all share the same
 * three rules:
 *
 * <ul>
 *   <li>{@code null} becomes {@value #UNKNOWN};</li>
 *   <li>the first {@code cap} distinct values are admitted; later ones fold into {@value #OVERFLOW}, and each folded
 *       observation increments {@code pybase_metrics_label_overflow_total{metric,label}};</li>
 *   <li>a value seen before costs one lock-free map lookup and allocates nothing.</li>
 * </ul>
 *
 * <pre>{@code
 * LabelValues<TaskRecorder> byName = new LabelValues<>(cap, overflowCount, name -> newRecorder(name));
 * byName.get("send_email").succeeded(nanos);
 * }</pre>
 *
 * @param <V> what the recorder keeps per label value
 */
final class LabelValues<V> {

  /** The value recorded for a {@code null} label value. */
  static final String UNKNOWN = "unknown";
  /** The value every folded label value becomes. */
  static final String OVERFLOW = "__overflow__";

  private final int cap;
  private final CounterDataPoint overflowCount;
  private final Function<String, V> factory;
  private final ConcurrentHashMap<String, V> admitted = new ConcurrentHashMap<>();
  private volatile @Nullable V overflow;

  /**
   * @param cap distinct values admitted before folding (at least 1)
   * @param overflowCount the overflow counter's data point for this metric and label
   * @param factory creates what is kept for a newly admitted value (or for {@value #OVERFLOW})
   */
  LabelValues(int cap, CounterDataPoint overflowCount, Function<String, V> factory) {
    if (cap < 1) {
      throw new IllegalArgumentException("cap must be at least 1, got " + cap);
    }
    this.cap = cap;
    this.overflowCount = overflowCount;
    this.factory = factory;
  }

  /** What is kept for {@code value} ({@code null} meaning {@value #UNKNOWN}), folded past the cap. */
  V get(@Nullable String value) {
    String key = value == null ? UNKNOWN : value;
    V known = admitted.get(key);
    return known != null ? known : admit(key);
  }

  private V admit(String key) {
    V folded = overflow; // set only once the cap is reached: from then on nothing is admitted, no lock is taken
    if (folded == null) {
      synchronized (this) {
        V known = admitted.get(key);
        if (known != null) {
          return known;
        }
        if (admitted.size() < cap) {
          V created = factory.apply(key);
          admitted.put(key, created);
          return created;
        }
        folded = overflow;
        if (folded == null) {
          folded = factory.apply(OVERFLOW);
          overflow = folded;
        }
      }
    }
    overflowCount.inc();
    return folded;
  }
}
