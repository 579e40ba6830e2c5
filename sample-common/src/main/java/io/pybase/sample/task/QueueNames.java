package io.pybase.sample.task;

/**
 * The sample's queues. Each is consumed by the worker of the same name, which is also that worker's
 * {@code worker_name} label and its {@code WORKER_NAME}.
 *
 * <pre>{@code
 * long waiting = queue.length(QueueNames.EXTRACTION);
 * }</pre>
 */
public final class QueueNames {

  /** Consumed by the extraction worker: {@link TaskNames#EXTRACT_DOCUMENT}. */
  public static final String EXTRACTION = "extraction";
  /** Consumed by the search worker: {@link TaskNames#INDEX_RECORD} and {@link TaskNames#SEARCH_RECORDS}. */
  public static final String SEARCH = "search";

  private QueueNames() {}
}
