package io.pybase.sample.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.pybase.metrics.PyBaseMetrics;
import io.pybase.metrics.ConnectionPoolStats;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.StartupException;
import javax.sql.DataSource;

/**
 * A HikariCP pool on the configured database, exposed as {@code db_pool_connections{pool,state}} and
 * {@code db_pool_connections_max{pool}}.
 *
 * <pre>{@code
 * try (PooledDatabase db = PooledDatabase.open(DatabaseConfig.from(ConfigSource.system()), "api", metrics)) {
 *   RecordRepository repo = new JdbcRecordRepository(db.dataSource());
 * }
 * }</pre>
 */
public final class PooledDatabase implements AutoCloseable {

  private final HikariDataSource dataSource;

  private PooledDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Waits for the database as {@code wait} says (start-up), then opens the pool.
   *
   * @throws io.pybase.sample.config.StartupException when the database does not answer, or refuses
   */
  public static PooledDatabase open(DatabaseConfig config, String poolName, PyBaseMetrics metrics,
      DependencyWait wait) {
    config.awaitReachable(wait);
    try {
      return open(config, poolName, metrics);
    } catch (RuntimeException e) {
      throw new StartupException("JDBC_URL", "Cannot open the database pool on JDBC_URL='" + config.describe()
          + "': " + StartupException.rootMessage(e));
    }
  }

  /** Opens a pool named {@code poolName} and registers its gauges on {@code metrics}. */
  public static PooledDatabase open(DatabaseConfig config, String poolName, PyBaseMetrics metrics) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setUsername(config.user());
    hc.setPassword(config.password());
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    hc.setPoolName(poolName);
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(30_000);
    HikariDataSource ds = new HikariDataSource(hc);
    HikariPoolMXBean pool = ds.getHikariPoolMXBean();
    metrics.connectionPool(poolName, ConnectionPoolStats.of(pool::getActiveConnections, pool::getIdleConnections,
        pool::getThreadsAwaitingConnection, ds::getMaximumPoolSize));
    return new PooledDatabase(ds);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
