package io.pybase.sample.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Runs {@code CREATE ... IF NOT EXISTS} statements at start-up. The API and the workers start together against one
 * PostgreSQL in Compose, and two concurrent {@code CREATE TABLE IF NOT EXISTS} of the same table can still collide
 * there (a unique violation in the catalog), so a failed attempt is retried a few times.
 *
 * <pre>{@code
 * SchemaSetup.run(dataSource, "records", "CREATE TABLE IF NOT EXISTS records (...)");
 * }</pre>
 */
public final class SchemaSetup {

  private SchemaSetup() {}

  /**
   * Executes {@code statements} in order, retrying the whole set up to 3 times.
   *
   * @throws IllegalStateException when the last attempt fails
   */
  public static void run(DataSource dataSource, String what, String... statements) {
    SQLException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
        return;
      } catch (SQLException e) {
        last = e;
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw new IllegalStateException("cannot create table " + what + ": " + (last == null ? "interrupted"
        : last.getMessage()), last);
  }
}
