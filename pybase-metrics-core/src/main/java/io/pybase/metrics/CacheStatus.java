package io.pybase.metrics;

/**
 * The {@code status} values of {@code cache_operations_total}.
 *
 * <pre>{@code
 * CacheStatus.HIT.label();   // "hit"
 * }</pre>
 */
public enum CacheStatus {
  /** A lookup found the key. */
  HIT("hit"),
  /** A lookup did not find the key. */
  MISS("miss"),
  /** A write or delete completed. */
  SUCCESS("success"),
  /** The operation threw. */
  ERROR("error");

  private final String label;

  CacheStatus(String label) {
    this.label = label;
  }

  /** The label value. */
  public String label() {
    return label;
  }
}
