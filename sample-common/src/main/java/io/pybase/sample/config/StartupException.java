package io.pybase.sample.config;

/**
 * A setting whose value is valid but cannot be used at start: a port already in use, a server that does not answer.
 * The message is one line naming the setting and what was tried, never a password, so start-up prints it and exits
 * (status 3), without a stack trace:
 *
 * <pre>{@code
 * Cannot bind SEARCH_METRICS_PORT=9092 on 127.0.0.1 (the search worker's metrics): Address already in use
 * Cannot reach PostgreSQL at 127.0.0.1:5432 (JDBC_URL='jdbc:postgresql://127.0.0.1:5432/pybase') within 30 s: Connection refused
 * }</pre>
 */
public final class StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The exit status of a start-up that fails this way. */
  public static final int EXIT_STATUS = 3;

  private final String variable;

  /**
   * @param variable the setting that names what could not be used
   * @param message one line, without secrets
   */
  public StartupException(String variable, String message) {
    super(CredentialMask.mask(message));
    this.variable = variable;
  }

  /** The setting, e.g. {@code JDBC_URL}. */
  public String variable() {
    return variable;
  }

  /**
   * The message of the innermost cause of {@code error} (a bind or connect failure wrapped by its library), for the
   * end of a start-up line: {@code "Address already in use"}, {@code "Connection refused"}.
   */
  public static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
