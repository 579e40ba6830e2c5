package io.pybase.metrics;

/**
 * The {@code status} label values of HTTP metrics: the three-digit code for 100 to 599, {@link #UNKNOWN} for any
 * other number. A status is first turned into a dense index ({@link #indexOf}), so however many distinct numbers a
 * caller passes, at most {@link #COUNT} series and table entries exist; labels are precomputed, so recording a status
 * allocates nothing.
 *
 * <pre>{@code
 * StatusCodes.label(StatusCodes.indexOf(404));  // "404"
 * StatusCodes.label(StatusCodes.indexOf(0));    // "unknown"
 * }</pre>
 */
final class StatusCodes {

  /** The label of codes outside 100 to 599. */
  static final String UNKNOWN = "unknown";

  /** Number of distinct status values: 100..599 and {@link #UNKNOWN}. */
  static final int COUNT = 501;

  private static final int UNKNOWN_INDEX = COUNT - 1;
  private static final String[] LABELS = new String[COUNT];

  static {
    for (int i = 0; i < UNKNOWN_INDEX; i++) {
      LABELS[i] = Integer.toString(i + 100);
    }
    LABELS[UNKNOWN_INDEX] = UNKNOWN;
  }

  private StatusCodes() {}

  /** A dense index in {@code [0, COUNT)}: {@code status - 100} for 100..599, the last index for anything else. */
  static int indexOf(int status) {
    return status >= 100 && status <= 599 ? status - 100 : UNKNOWN_INDEX;
  }

  /** The label value of a status index. */
  static String label(int index) {
    return LABELS[index];
  }
}
