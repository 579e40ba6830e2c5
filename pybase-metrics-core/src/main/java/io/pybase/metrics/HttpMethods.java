package io.pybase.metrics;

import org.jspecify.annotations.Nullable;

/**
 * The bounded set of {@code method} label values: the standard HTTP methods, upper-case, and {@link #OTHER} for
 * everything else (lower-case spellings and invented tokens included, since methods are case-sensitive).
 *
 * <pre>{@code
 * HttpMethods.valueAt(HttpMethods.indexOf("GET"));     // "GET"
 * HttpMethods.valueAt(HttpMethods.indexOf("FOOBAR"));  // "_OTHER"
 * }</pre>
 */
final class HttpMethods {

  /** The value of every non-standard method (the OpenTelemetry semantic conventions use the same). */
  static final String OTHER = "_OTHER";

  private static final String[] VALUES = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", OTHER
  };

  /** Number of distinct method values, {@link #OTHER} included. */
  static final int COUNT = VALUES.length;

  private HttpMethods() {}

  /** A dense index in {@code [0, COUNT)} for {@code method}; non-standard methods share the last index. */
  static int indexOf(@Nullable String method) {
    if (method == null) {
      return COUNT - 1;
    }
    return switch (method) {
      case "GET" -> 0;
      case "HEAD" -> 1;
      case "POST" -> 2;
      case "PUT" -> 3;
      case "DELETE" -> 4;
      case "CONNECT" -> 5;
      case "OPTIONS" -> 6;
      case "TRACE" -> 7;
      case "PATCH" -> 8;
      default -> COUNT - 1;
    };
  }

  /** The label value at {@code index}. */
  static String valueAt(int index) {
    return VALUES[index];
  }
}
