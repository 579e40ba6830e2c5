package io.pybase.sample.search;

import io.pybase.metrics.worker.Task;
import io.pybase.metrics.worker.TaskHandler;
import io.pybase.sample.task.SearchPayload;
import io.pybase.sample.task.TaskMessage;
import io.pybase.sample.task.TaskNames;
import java.util.List;

/**
 * The search worker's task {@code search_records}: a request/response task. The API queues it with a reply
 * address and waits; the worker answers with the ranked hits.
 *
 * <pre>{@code
 * TaskMessage ask = TaskMessage.create(SearchRecordsTask.NAME, Map.of("q", "bridge", "limit", "10"))
 *     .withReplyTo(replyId);
 * }</pre>
 */
@Task(name = SearchRecordsTask.NAME)
public final class SearchRecordsTask implements TaskHandler<TaskMessage, List<InvertedIndex.Hit>> {

  /** {@link TaskNames#SEARCH_RECORDS}. */
  public static final String NAME = TaskNames.SEARCH_RECORDS;
  /** Most hits returned: {@link SearchPayload#MAX_LIMIT}. */
  public static final int MAX_LIMIT = SearchPayload.MAX_LIMIT;

  private final InvertedIndex index;

  public SearchRecordsTask(InvertedIndex index) {
    this.index = index;
  }

  @Override
  public List<InvertedIndex.Hit> handle(TaskMessage m) {
    int limit;
    try {
      limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(m.get(SearchPayload.LIMIT, "10"))));
    } catch (NumberFormatException e) {
      limit = 10;
    }
    return index.search(m.get(SearchPayload.QUERY, ""), limit);
  }
}
