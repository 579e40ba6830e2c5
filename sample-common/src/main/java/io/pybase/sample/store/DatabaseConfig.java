package io.pybase.sample.store;

import io.pybase.metrics.config.ConfigSource;
import io.pybase.metrics.config.InvalidConfigurationException;
import io.pybase.sample.config.CredentialMask;
import io.pybase.sample.config.DependencyWait;
import io.pybase.sample.config.StartupException;
import java.net.InetSocketAddress;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

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
    if (!url.startsWith("jdbc:h2:") && !(url.startsWith("jdbc:postgresql:") && postgresAddress(url) != null)) {
      throw new InvalidConfigurationException("JDBC_URL", CredentialMask.mask(url),
          "a jdbc:h2: or jdbc:postgresql://host[:port]/database URL");
    }
    String user = source.string("JDBC_USER", url.startsWith("jdbc:h2:") ? "sa" : "");
    String password = source.get("JDBC_PASSWORD");
    return new DatabaseConfig(url, user, password == null ? "" : password, source.integer("DB_POOL_SIZE", 10, 1, 200));
  }

  /** The embedded default. */
  public static DatabaseConfig embedded() {
    return new DatabaseConfig(DEFAULT_URL, "sa", "", 10);
  }

  /** {@code JDBC_URL} with any password in it masked, for messages. */
  public String describe() {
    return CredentialMask.mask(jdbcUrl);
  }

  /**
   * Waits (start-up only) until the database answers, with {@code wait}'s backoff and patience: a PostgreSQL
   * server that does not accept connections yet is waited for; one that refuses the credentials or the database
   * fails at once. The embedded H2 needs no wait.
   *
   * @throws StartupException naming {@code JDBC_URL} (or {@code JDBC_USER}/{@code JDBC_PASSWORD} when refused) and
   *     the host:port tried
   */
  public void awaitReachable(DependencyWait wait) {
    InetSocketAddress address = postgresAddress(jdbcUrl);
    if (address == null) {
      return;
    }
    wait.until("JDBC_URL", jdbcUrl, "PostgreSQL", address.getHostString(), address.getPort(), () -> {
      Properties p = new Properties();
      p.setProperty("user", user);
      p.setProperty("password", password);
      p.setProperty("connectTimeout", "3");
      p.setProperty("loginTimeout", "5");
      try {
        DriverManager.getConnection(jdbcUrl, p).close();   // opened only to prove the database lets us in
        return DependencyWait.Attempt.ready();
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = CredentialMask.mask(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        if (state.startsWith("08") || state.equals("57P03")) {   // connection failure, or the server is starting
          return new DependencyWait.Attempt(DependencyWait.Outcome.UNREACHABLE, detail);
        }
        return new DependencyWait.Attempt(DependencyWait.Outcome.REFUSED, detail
            + (state.startsWith("28") ? " (check JDBC_USER and JDBC_PASSWORD)" : ""));
      }
    });
  }

  /** The first host:port of a {@code jdbc:postgresql:} URL (default port 5432), or {@code null} for another URL. */
  static InetSocketAddress postgresAddress(String url) {
    String prefix = "jdbc:postgresql:";
    if (url == null || !url.startsWith(prefix)) {
      return null;
    }
    String rest = url.substring(prefix.length());
    if (!rest.startsWith("//")) {
      return rest.isEmpty() || rest.startsWith("?") ? null : InetSocketAddress.createUnresolved("localhost", 5432);
    }
    int end = rest.length();
    for (char c : new char[] {'/', '?'}) {
      int i = rest.indexOf(c, 2);
      if (i >= 0) {
        end = Math.min(end, i);
      }
    }
    String hosts = rest.substring(2, end);
    String first = hosts.split(",", -1)[0];
    String host;
    String port = "";
    if (first.startsWith("[")) {
      int close = first.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = first.substring(1, close);
      port = first.length() > close + 1 && first.charAt(close + 1) == ':' ? first.substring(close + 2) : "";
    } else {
      int colon = first.lastIndexOf(':');
      host = colon < 0 ? first : first.substring(0, colon);
      port = colon < 0 ? "" : first.substring(colon + 1);
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    try {
      int p = port.isEmpty() ? 5432 : Integer.parseInt(port);
      return p >= 1 && p <= 65535 ? InetSocketAddress.createUnresolved(host, p) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "DatabaseConfig{" + describe() + ", user=" + user + ", poolSize=" + poolSize + "}";
  }
}
