package io.pybase.sample.task;

import java.util.Locale;

/**
 * The life cycle of a submitted task, as {@code GET /api/v1/extractions/{taskId}} and the WebSocket report it.
 *
 * <pre>{@code
 * TaskStatus.RETRYING.wireName();   // "retrying"
 * }</pre>
 */
public enum TaskStatus {
  QUEUED, RUNNING, RETRYING, SUCCEEDED, FAILED;

  /** The lower-case name used in JSON and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #wireName()}. */
  public static TaskStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether the task will not change any more. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
