package io.pybase.metrics.label;

/**
 * The {@code status} label values of HTTP metrics: the three-digit code for 100 to 599, {@link #UNKNOWN} for any
 * other number. Labels are precomputed, so recording a status allocates nothing.
 *
 * <pre>{@code
 * StatusCodes.label(404);  // "404"
 * StatusCodes.label(0);    // "unknown"
 * }</pre>
 */
public final class StatusCodes {

  /** The label of codes outside 100 to 599. */
  public static final String UNKNOWN = "unknown";

  private static final String[] LABELS = new String[500];

  static {
    for (int i = 0; i < LABELS.length; i++) {
      LABELS[i] = Integer.toString(i + 100);
    }
  }

  private StatusCodes() {}

  /** The label value for {@code status}. */
  public static String label(int status) {
    return status >= 100 && status <= 599 ? LABELS[status - 100] : UNKNOWN;
  }
}
