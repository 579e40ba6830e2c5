package io.pybase.sample.store;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;

/**
 * Where the samples keep records and task states: embedded H2 in this JVM by default, PostgreSQL (or any JDBC URL)
 * when {@code JDBC_URL} is set.
 *
 * <pre>{@code
 * DatabaseConfig db = DatabaseConfig.from(ConfigSource.system());
 * DatabaseConfig pg = new DatabaseConfig("jdbc:postgresql://db:5432/pybase", "pybase", secret, 10);
 * }</pre>
 *
 * @param jdbcUrl {@code JDBC_URL}, default {@value #DEFAULT_URL}
 * @param user {@code JDBC_USER}, default {@code sa}
 * @param password {@code JDBC_PASSWORD}, default empty
 * @param poolSize {@code DB_POOL_SIZE}, default 10
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

  /** One H2 database per JVM, kept while the JVM runs. */
  public static final String DEFAULT_URL = "jdbc:h2:mem:pybase;DB_CLOSE_DELAY=-1";

  /** Reads {@code JDBC_URL}, {@code JDBC_USER}, {@code JDBC_PASSWORD} and {@code DB_POOL_SIZE}. */
  public static DatabaseConfig from(ConfigSource source) {
    String url = source.string("JDBC_URL", DEFAULT_URL);
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new InvalidConfigurationException("JDBC_URL", url, "a jdbc:h2: or jdbc:postgresql: URL");
    }
    String user = source.string("JDBC_USER", url.startsWith("jdbc:h2:") ? "sa" : "");
    String password = source.get("JDBC_PASSWORD");
    return new DatabaseConfig(url, user, password == null ? "" : password, source.integer("DB_POOL_SIZE", 10, 1, 200));
  }

  /** The embedded default. */
  public static DatabaseConfig embedded() {
    return new DatabaseConfig(DEFAULT_URL, "sa", "", 10);
  }

  @Override
  public String toString() {
    return "DatabaseConfig{" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "}";
  }
}
