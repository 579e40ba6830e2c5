package io.pybase.metrics.db;

/**
 * A live view of a connection pool, read at scrape time into {@code db_pool_connections{pool,state}} and
 * {@code db_pool_connections_max{pool}}. HikariCP's {@code HikariPoolMXBean} fits in one line:
 *
 * <pre>{@code
 * HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
 * metrics.connectionPool("main", ConnectionPoolStats.of(pool::getActiveConnections, pool::getIdleConnections,
 *     pool::getThreadsAwaitingConnection, dataSource::getMaximumPoolSize));
 * }</pre>
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

  /** A view built from four suppliers. */
  static ConnectionPoolStats of(java.util.function.IntSupplier active, java.util.function.IntSupplier idle,
      java.util.function.IntSupplier pending, java.util.function.IntSupplier max) {
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
