package io.pybase.sample.task;

/**
 * The payload of a {@link TaskNames#SEARCH_RECORDS} task: the query {@link #QUERY} and at most {@link #MAX_LIMIT}
 * hits ({@link #LIMIT}).
 *
 * <pre>{@code
 * TaskMessage ask = TaskMessage.create(TaskNames.SEARCH_RECORDS, Map.of(SearchPayload.QUERY, "bridge",
 *     SearchPayload.LIMIT, "10"));
 * }</pre>
 */
public final class SearchPayload {

  /** The query text. */
  public static final String QUERY = "q";
  /** Most hits wanted. */
  public static final String LIMIT = "limit";
  /** The largest {@link #LIMIT}. */
  public static final int MAX_LIMIT = 100;

  private SearchPayload() {}
}
