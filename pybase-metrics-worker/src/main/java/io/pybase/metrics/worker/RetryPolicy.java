package io.pybase.metrics.worker;

import java.util.Arrays;

/** When the adapter runs a failed attempt again, and how long it waits first. Immutable. */
final class RetryPolicy {

  static final RetryPolicy NONE = new RetryPolicy(0, new Class<?>[0], 0, 1.0);

  private final int maxRetries;
  private final Class<?>[] retryOn;
  private final long backoffMillis;
  private final double backoffMultiplier;

  RetryPolicy(int maxRetries, Class<?>[] retryOn, long backoffMillis, double backoffMultiplier) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
    }
    if (backoffMillis < 0) {
      throw new IllegalArgumentException("backoff must be 0 or more, got " + backoffMillis + " ms");
    }
    if (!(backoffMultiplier >= 1.0) || Double.isInfinite(backoffMultiplier)) {
      throw new IllegalArgumentException("backoffMultiplier must be a finite number >= 1, got " + backoffMultiplier);
    }
    for (Class<?> type : retryOn) {
      if (type == null) {
        throw new IllegalArgumentException("retryOn must not contain null");
      }
    }
    this.maxRetries = maxRetries;
    this.retryOn = retryOn.clone();
    this.backoffMillis = backoffMillis;
    this.backoffMultiplier = backoffMultiplier;
  }

  /** Whether an attempt that threw {@code error} after {@code retriesSoFar} retries is run again. */
  boolean retries(Throwable error, int retriesSoFar) {
    if (retriesSoFar >= maxRetries || error instanceof TaskRetryException) {
      return false;
    }
    for (Class<?> type : retryOn) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** The pause before retry number {@code retry} (1 for the first). */
  long delayMillis(int retry) {
    if (backoffMillis == 0) {
      return 0;
    }
    double delay = backoffMillis * Math.pow(backoffMultiplier, retry - 1);
    return delay >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) delay;
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", retryOn=" + Arrays.toString(retryOn) + ", backoffMillis="
        + backoffMillis + ", backoffMultiplier=" + backoffMultiplier + "}";
  }
}
