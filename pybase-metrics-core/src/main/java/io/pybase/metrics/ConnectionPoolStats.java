package io.pybase.metrics;

import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * A live view of a connection pool, read at scrape time into {@code db_pool_connections{pool,state}} and
 * {@code db_pool_connections_max{pool}}. HikariCP's {@code HikariPoolMXBean} fits in one line:
 *
 * <pre>{@code
 * HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
 * metrics.connectionPool("main", ConnectionPoolStats.of(pool::getActiveConnections, pool::getIdleConnections,
 *     pool::getThreadsAwaitingConnection, dataSource::getMaximumPoolSize));
 * }</pre>
 *
 * <p>A view whose methods throw (a pool not started yet, a closed pool) is left out of that scrape and counted in
 * {@code pybase_metrics_collect_errors_total{metric}}; the rest of the scrape is unaffected.
 */
public interface ConnectionPoolStats {

  /** Connections lent out right now. */
  int active();

  /** Connections open and idle. */
  int idle();

  /** Threads waiting for a connection. */
  int pending();

  /** The pool's maximum size. */
  int max();

  /**
   * A view built from four suppliers.
   *
   * @throws NullPointerException if a supplier is {@code null}
   */
  static ConnectionPoolStats of(IntSupplier active, IntSupplier idle, IntSupplier pending, IntSupplier max) {
    Objects.requireNonNull(active, "active");
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(max, "max");
    return new ConnectionPoolStats() {
      @Override
      public int active() {
        return active.getAsInt();
      }

      @Override
      public int idle() {
        return idle.getAsInt();
      }

      @Override
      public int pending() {
        return pending.getAsInt();
      }

      @Override
      public int max() {
        return max.getAsInt();
      }
    };
  }
}
