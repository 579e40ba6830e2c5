package io.pybase.sample.transport;

import io.pybase.sample.config.CredentialMask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Says once that a dependency (Redis, the database) became unreachable and once that it is back, however many
 * threads fail in between: an outage is two log lines, not one per consumer per second. Messages never show a
 * password.
 *
 * <pre>{@code
 * OutageLog redis = new OutageLog(LOG, "Redis at 127.0.0.1:6379 (REDIS_URL)");
 * try {
 *   queue.take(...);
 *   redis.reachable();
 * } catch (RuntimeException e) {
 *   redis.unreachable(e);   // logs on the first failure only
 * }
 * }</pre>
 */
public final class OutageLog {

  private final System.Logger log;
  private final String what;
  private final AtomicLong downSinceNanos = new AtomicLong();

  /**
   * @param log where to write
   * @param what the dependency, as people name it, e.g. {@code "Redis at cache:6379 (REDIS_URL)"}
   */
  public OutageLog(System.Logger log, String what) {
    this.log = log;
    this.what = CredentialMask.mask(what);
  }

  /** A call failed: the first failure of an outage is logged (WARNING), later ones are not. */
  public void unreachable(Throwable error) {
    if (downSinceNanos.compareAndSet(0, System.nanoTime() | 1)) {
      log.log(System.Logger.Level.WARNING, what + " is unreachable (" + CredentialMask.mask(String.valueOf(
          error.getMessage())) + "); retrying with backoff, tasks and their states are kept");
    }
  }

  /** A call succeeded: the end of an outage is logged (INFO) with its length. */
  public void reachable() {
    long since = downSinceNanos.getAndSet(0);
    if (since != 0) {
      log.log(System.Logger.Level.INFO, what + " is reachable again after "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) + " ms");
    }
  }
}
