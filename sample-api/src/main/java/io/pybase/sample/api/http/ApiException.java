package io.pybase.sample.api.http;

/**
 * A request the API refuses, with the status and the JSON error body {@code {"error": code, "message": ...}} the
 * client gets.
 *
 * <pre>{@code
 * throw new ApiException(404, "unknown_table", "no table 'foo'; tables: [projects, documents, drawings]");
 * }</pre>
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /**
   * @param status the HTTP status, 4xx or 5xx
   * @param code a stable machine-readable error code
   * @param message what went wrong, for people
   */
  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
